import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
// A pool operators may refresh, which no other test refreshes (tools/sim seed-fleet.ts: its instances match its launch template).
const group = config.workerTypes.find((w) => w.key === 'centos7-builder')?.asgs[0] ?? 'missing from config/demo.yaml';

const table = (page: Page, name: string): Locator => page.getByRole('grid', { name }).or(page.getByRole('table', { name }));

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'ec2.images']));

test('a viewer sees the refresh buttons disabled, with the reason', async ({ page }) => {
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'alice', 'viewer', `/asgs/${group}`);
  const start = page.getByTestId('asg-actions').getByRole('button', { name: 'Start refresh' });
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('asg-actions-refusal')).toHaveText(/^operator role needed \(you are a viewer\)/);
  // Clicking a disabled button opens nothing.
  await start.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshotWholePage(page, 'asg-actions-viewer.png');
  expect(errors, 'no console errors').toEqual([]);
});

test('an operator previews and confirms a refresh, watches it reach 100 % and finds it in the audit trail', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', `/asgs/${group}`);
  await expect(page.locator('[data-live="live"]')).toHaveText('live');
  const instanceRows = table(page, 'Instances').locator('tbody tr[data-instance]');
  // The group's account may finish its first sync after another's; the live page fills in when it does.
  await expect(instanceRows.first()).toBeVisible({ timeout: 60_000 });
  const instances = await instanceRows.count();

  await page.getByTestId('asg-actions').getByRole('button', { name: 'Start refresh' }).click();
  const dialog = page.getByRole('dialog', { name: `Start an instance refresh of ${group}` });
  await expect(dialog).toBeVisible();
  // Every instance already runs the group's launch template: with skip matching on (the default) nothing would be replaced.
  await expect(dialog.getByTestId('action-preview')).toContainText(`Replace 0 of ${instances} instances`);

  // A bad preference is caught in the form, and the preview waits for it.
  await dialog.getByLabel('Checkpoints (%)').fill('50, 20');
  await expect(dialog.getByText('must rise, e.g. 20, 50, 100')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start refresh' })).toBeDisabled();
  await dialog.getByLabel('Checkpoints (%)').fill('');

  await dialog.getByLabel('Minimum healthy %').fill('50');
  await dialog.getByLabel('Instance warm-up (s)').fill('30');
  await dialog.getByRole('checkbox', { name: 'Skip instances already on the desired configuration' }).uncheck();
  await expect(dialog.getByTestId('action-preview')).toContainText(`Replace ${instances} of ${instances} instances`);
  await expect(dialog.getByTestId('action-preview')).toContainText(`keeping at least ${Math.ceil(instances / 2)} of the desired ${instances} in service`);

  // Confirmation and reason are both needed before the button works.
  const submit = dialog.getByRole('button', { name: 'Start refresh' });
  await dialog.getByLabel(`Type ${group} to confirm`).fill(group.slice(0, -1));
  await dialog.getByLabel('Reason').fill('roll the builders onto a fresh boot for the e2e check');
  await expect(submit).toBeDisabled();
  await dialog.getByLabel(`Type ${group} to confirm`).fill(group);
  await screenshotWholePage(page, 'asg-start-refresh-dialog.png');
  await submit.click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('action-notice')).toContainText(`Refresh of ${group} requested from AWS`);
  // The action re-syncs its target at once: the progress card is there without a reload.
  const progress = page.getByTestId('refresh-progress');
  await expect(progress).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('asg-actions').getByRole('button', { name: 'Cancel refresh' })).toBeVisible();
  await screenshotWholePage(page, 'asg-refresh-running.png');

  // The simulator runs twenty times faster than AWS; two batches with short warm-ups finish in a minute or two.
  // The card stays once the refresh ended, at 100 %, and the buttons turn back to "Start refresh".
  await expect(progress).toHaveAttribute('data-ended', 'true', { timeout: 240_000 });
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(progress).toContainText('Refresh ended');
  await expect(page.getByTestId('asg-actions').getByRole('button', { name: 'Start refresh' })).toBeVisible();
  const newest = table(page, 'Refresh history').locator('tbody tr').first();
  await expect(newest).toContainText('oscar');
  await expect(newest).toContainText('100%');
  await expect(newest.locator('[data-status="Successful"]')).toBeVisible();
  // The notice no longer says "requested": it says how the refresh it announced ended.
  await expect(page.getByTestId('action-notice')).toContainText(`The refresh of ${group} has ended: Successful`);
  await screenshotWholePage(page, 'asg-refresh-done.png');

  await page.getByTestId('action-notice').getByRole('link', { name: 'See it in the audit trail' }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  // One line for the attempt, with its final outcome and the refresh it started.
  const rows = table(page, 'Audit attempts').locator('tbody tr[data-correlation-id]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('asg.refresh.start');
  await expect(rows.first()).toContainText(group);
  await expect(rows.first()).toContainText('oscar');
  await expect(rows.first()).toContainText('roll the builders onto a fresh boot');
  await expect(rows.first()).toHaveAttribute('data-outcome', 'succeeded');
  await expect(rows.first().getByTestId('caused-refresh')).toContainText('Successful');
  await screenshotWholePage(page, 'asg-refresh-audit.png');
  expect(errors, 'no console errors').toEqual([]);
});
