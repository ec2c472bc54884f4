import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshots, screenshotWholePage, sidewaysOverflow, waitForFirstSyncs } from './page-checks';

// The embedded stack runs the demo config; its worker types name the groups the simulator seeds.
const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
const allGroups = config.workerTypes.flatMap((w) => w.asgs);
const groupOf = (workerType: string) => {
  const name = config.workerTypes.find((w) => w.key === workerType)?.asgs[0];
  if (!name) throw new Error(`config/demo.yaml has no group for worker type ${workerType}`);
  return name;
};
// The simulator's seeded stories (tools/sim/src/world/fleet/seed-fleet.ts).
const tenBehind = groupOf('centos7-tester');
const onLatest = groupOf('rhel7-builder');
const fromSsm = groupOf('rhel7-app-interface');
const cancelledWithOlderInstances = groupOf('rhel8-builder');
const autoRolledBack = groupOf('rhel8-tester');
const upToDate = groupOf('rhel8-gpu');

const table = (page: Page, name: string): Locator => page.getByRole('grid', { name }).or(page.getByRole('table', { name }));
const groupRow = (page: Page, name: string) => table(page, 'Auto Scaling groups').locator(`tbody tr[data-asg="${name}"]`);

// Drift needs the groups, the AMIs and the infra history all read once.
test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'ec2.images', 'git.infra-repo']));

test('the Auto Scaling groups list every demo group, say how each drifted and filter by URL', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/asgs');
  await expect(page.getByRole('heading', { level: 1, name: 'Auto Scaling groups' })).toBeVisible();
  const rows = table(page, 'Auto Scaling groups').locator('tbody tr[data-asg]');
  for (const name of allGroups) await expect(groupRow(page, name)).toBeVisible();
  await expect(rows).toHaveCount(allGroups.length);

  await expect(groupRow(page, tenBehind).locator('[data-drift]')).toHaveText(/^runs [0-9a-f]{7}, 10 commits behind$/);
  await expect(groupRow(page, tenBehind).locator('[data-drift]')).toHaveAttribute('data-drift', 'behind');
  await expect(groupRow(page, onLatest)).toContainText(':$Latest');
  await expect(groupRow(page, fromSsm)).toContainText('AMI from SSM parameter');
  // The parameter resolved through AWS: an older build of its worker type.
  await expect(groupRow(page, fromSsm).locator('[data-drift]')).toHaveAttribute('data-drift', 'behind');
  await expect(groupRow(page, fromSsm).locator('a[href^="/amis/ami-"]')).toBeVisible();
  await expect(groupRow(page, upToDate).locator('[data-drift]')).toHaveText('up to date');
  await expect(groupRow(page, cancelledWithOlderInstances).locator('[data-status="Cancelled"]')).toHaveText('cancelled');
  await expect(groupRow(page, cancelledWithOlderInstances)).toContainText(/\d+ of \d+/);
  await expect(groupRow(page, autoRolledBack).locator('[data-status="RollbackSuccessful"]')).toHaveText('rolled back');
  await expect(groupRow(page, tenBehind).locator(`a[href^="/amis/ami-"]`)).toBeVisible();
  await screenshotWholePage(page, 'asgs.png');

  // Drifted only: fewer rows, every one of them behind, and the URL says so.
  // A controlled checkbox: it shows checked once the URL says so, a moment after the click.
  await page.getByRole('checkbox', { name: 'Drifted only' }).click();
  await expect(page).toHaveURL(/[?&]drifted=1(&|$)/);
  await expect(page.getByRole('checkbox', { name: 'Drifted only' })).toBeChecked();
  await expect(groupRow(page, upToDate)).toHaveCount(0);
  await expect(groupRow(page, fromSsm)).toBeVisible();
  const drifted = await rows.count();
  expect(drifted).toBeLessThan(allGroups.length);
  expect(drifted).toBeGreaterThan(0);
  for (const row of await rows.all()) await expect(row.locator('[data-drift]')).toHaveAttribute('data-drift', 'behind');

  // The filter survives a reload, since it lives in the URL.
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Drifted only' })).toBeChecked();
  await expect(rows).toHaveCount(drifted);

  // The group ten commits behind: the same drift on its page, its instances, and the page is live.
  await groupRow(page, tenBehind).getByRole('link', { name: tenBehind }).click();
  await expect(page).toHaveURL(new RegExp(`/asgs/${tenBehind}$`));
  await expect(page.getByRole('heading', { level: 1, name: tenBehind })).toBeVisible();
  await expect(page.locator('[data-live="live"]')).toHaveText('live');
  await expect(page.getByLabel('Group facts').locator('[data-drift]')).toHaveText(/10 commits behind$/);
  await expect(table(page, 'Instances').locator('tbody tr[data-instance]').first()).toBeVisible();
  // The seeded story never refreshed it; a refresh started on a running demo would be listed instead.
  await expect(page.getByRole('heading', { name: /^Refresh history \(\d+\)$/ })).toBeVisible();

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

test('a group with a cancelled refresh shows its old instances and the refresh curve and timeline', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto('/asgs');
  await groupRow(page, cancelledWithOlderInstances).getByRole('link', { name: cancelledWithOlderInstances }).click();
  await expect(page.getByRole('heading', { level: 1, name: cancelledWithOlderInstances })).toBeVisible();
  await expect(page.locator('[data-live="live"]')).toHaveText('live');

  const instances = table(page, 'Instances').locator('tbody tr[data-instance]');
  await expect(instances.first()).toBeVisible();
  await expect(instances.locator('[data-ami-age="old"]').first()).toBeVisible();
  await expect(instances.locator('[data-ami-age="new"]').first()).toBeVisible();
  // A guest reads the page; acting needs a signed-in role, and the button says so before anyone clicks.
  await expect(page.getByTestId('asg-actions').getByRole('button', { name: 'Start refresh' })).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('asg-actions-refusal')).toHaveText(/^sign in to act/);

  const history = table(page, 'Refresh history');
  const cancelled = history.locator('tbody tr[data-status="Cancelled"]').first();
  await expect(cancelled).toContainText('outside the portal');
  await expect(cancelled).toContainText('cancelled');
  await cancelled.locator('button[aria-expanded="false"]').click();
  await expect(history.getByTestId('refresh-curve').locator('svg').first()).toBeVisible();
  const timeline = history.getByTestId('replacement-timeline');
  await expect(timeline.locator('[data-step="launch"]').first()).toBeVisible();
  await expect(timeline.locator('[data-step="terminate"]').first()).toBeVisible();
  // AWS's cause of each activity is read on the timeline itself, not only on hover; and it fits a 1440 px screen.
  await page.setViewportSize({ width: 1440, height: 900 });
  const launchCause = timeline.getByText(/^At \S+Z an instance was launched in response to an instance refresh\.$/).first();
  await launchCause.scrollIntoViewIfNeeded();
  await expect(launchCause).toBeVisible();
  await expect(timeline.getByText(/an instance was taken out of service in response to an instance refresh\./).first()).toBeVisible();
  // A cause longer than two lines shows whole on request.
  const termination = timeline.locator('[data-cause]').filter({ hasText: 'was selected for termination' }).first();
  await termination.getByRole('button', { name: 'Show more' }).click();
  await expect(termination.getByRole('button', { name: 'Show less' })).toBeVisible();
  expect(await sidewaysOverflow(termination), 'no cause is cut off sideways').toBeLessThanOrEqual(0);
  expect(await termination.locator('.pf-v6-c-expandable-section__content').evaluate((e) => e.scrollHeight - e.clientHeight), 'the whole cause shows').toBeLessThanOrEqual(0);
  expect(await sidewaysOverflow(page.locator('main')), 'the page does not scroll sideways at 1440 px').toBeLessThanOrEqual(0);
  expect(await sidewaysOverflow(timeline), 'the timeline fits its place').toBeLessThanOrEqual(0);
  await timeline.screenshot({ path: path.join(screenshots, 'asg-replacement-timeline.png') });
  await screenshotWholePage(page, 'asg-detail.png');

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

test('a refresh that was rolled back says how far it came and why', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/asgs/${autoRolledBack}`);
  await expect(page.getByRole('heading', { level: 1, name: autoRolledBack })).toBeVisible();
  const rolledBack = table(page, 'Refresh history').locator('tbody tr[data-status="RollbackSuccessful"]').first();
  await expect(rolledBack.getByTestId('refresh-rolled-back-from')).toHaveText(/^\d+%, then rolled back$/);
  await expect(rolledBack.getByTestId('refresh-rollback-reason')).toContainText(/^Rolled back: Instance refresh failed, rolling back automatically/);
  await screenshotWholePage(page, 'asg-rolled-back.png');
  expect(errors, 'no console errors').toEqual([]);
});

test('when the live stream is refused the page says it polls, polls, and reconnects on request', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.route('**/api/trpc/asgs.watch**', (route) => route.fulfill({ status: 503, body: 'stream refused by the test' }));
  await page.goto(`/asgs/${cancelledWithOlderInstances}`);
  const indicator = page.locator('[data-live]').first();
  await expect(indicator).toHaveAttribute('data-live', 'polling');
  await expect(indicator).toHaveText(/^polling every \d+ s$/);
  // Two more reads of the group, each one poll apart.
  for (let i = 0; i < 2; i++) await page.waitForRequest((request) => request.url().includes('asgs.get'), { timeout: 15_000 });
  await expect(table(page, 'Instances').locator('tbody tr[data-instance]').first()).toBeVisible();

  await page.unroute('**/api/trpc/asgs.watch**');
  await page.getByRole('button', { name: 'Reconnect live updates' }).click();
  await expect(indicator).toHaveAttribute('data-live', 'live');

  const refused = /Failed to load resource: the server responded with a status of 503/;
  expect(errors.filter((e) => !refused.test(e)), 'no console errors but the refused stream').toEqual([]);
});
