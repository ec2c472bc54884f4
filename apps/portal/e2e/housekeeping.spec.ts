import path from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshots, screenshotWholePage, sidewaysOverflow, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const JOB = 'jenkins-worker-housekeeping';
const attempts = (page: Page): Locator => page.getByRole('grid', { name: 'Audit attempts' }).or(page.getByRole('table', { name: 'Audit attempts' })).locator('tbody tr[data-correlation-id]');

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['jenkins.housekeeping', 'autoscaling.groups', 'jenkins.agents', 'ec2.instance-status']));

test('an operator opens a failed housekeeping run, finds the failing node in its recap and console, and runs the job on that node alone', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/housekeeping');

  // The nightly run failed on one host: the newest run of the job, with its recap.
  const newest = page.getByTestId('housekeeping-runs').first().locator('tbody tr').first();
  await expect(newest).toContainText('failed', { timeout: 60_000 });
  await expect(newest).toContainText(/1 failed of \d+ hosts/);
  await newest.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/housekeeping\/runs\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^${JOB} #\\d+$`));

  const failedHost = page.getByTestId('housekeeping-recap').locator('tr[data-outcome="failed"]');
  await expect(failedHost).toHaveCount(1);
  const host = (await failedHost.getAttribute('data-host'))!;
  await expect(page.getByTestId('housekeeping-failures')).toContainText(host);

  // The console: search for the failure.
  const search = page.getByRole('textbox', { name: /^Search the console/ });
  await search.fill(`fatal: [${host}]`);
  await search.press('Enter');
  await expect(page.locator('mark').first()).toHaveText(`fatal: [${host}]`);
  await screenshotWholePage(page, 'housekeeping-failed-run.png');

  // The node's page offers the job on that node alone, --limit set to its host name.
  await failedHost.getByRole('link').click();
  await expect(page).toHaveURL(/\/nodes\/i-/);
  await page.getByRole('button', { name: `Run ${JOB} on this node` }).click();
  const dialog = page.getByRole('dialog', { name: `Run ${JOB}` });
  await expect(dialog.getByLabel('Hosts (--limit)')).toHaveValue(host);
  await expect(dialog.getByTestId('action-preview')).toContainText(host);
  await dialog.getByLabel(`Type ${JOB} to confirm`).fill(JOB);
  await dialog.getByLabel('Reason').fill('check whether the disk is still full after the cleanup');
  await dialog.getByRole('button', { name: 'Run it' }).click();
  await expect(dialog).toHaveCount(0);
  const notice = page.getByTestId('housekeeping-notice');
  await expect(notice).toContainText(`${JOB} queued in Jenkins`);

  // The run it queued: limited to the host, followed until its recap.
  await notice.getByRole('link', { name: 'Follow the run' }).click();
  await expect(page).toHaveURL(/\/housekeeping\/runs\//);
  await expect(page.locator('main')).toContainText(host);
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', /^(succeeded|failed)$/, { timeout: 240_000 });
  await expect(page.getByTestId('housekeeping-recap').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('housekeeping-recap').locator(`tr[data-host="${host}"]`)).toBeVisible();
  await screenshotWholePage(page, 'housekeeping-one-node.png');

  await page.goto('/audit?action=housekeeping.run');
  await expect(attempts(page).first()).toContainText('housekeeping.run');
  await expect(attempts(page).first()).toContainText('oscar');
  await expect(attempts(page).first()).toContainText('check whether the disk is still full');
  expect(errors, 'no console errors').toEqual([]);
});

test('the hosts of the last twelve runs fit a 1440 px screen, the host column and the newest run in sight', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/housekeeping');
  const grid = page.getByRole('grid', { name: `Hosts by the last runs of ${JOB}` }).or(page.getByRole('table', { name: `Hosts by the last runs of ${JOB}` }));
  // The seeded job has run nightly for weeks: twelve run columns beside the host and its count of failures.
  await expect(grid.locator('thead th')).toHaveCount(2 + 12, { timeout: 60_000 });
  await grid.scrollIntoViewIfNeeded();
  expect(await sidewaysOverflow(grid.locator('xpath=..')), 'the grid does not scroll sideways').toBeLessThanOrEqual(0);
  expect(await sidewaysOverflow(page.locator('main')), 'nor does the page').toBeLessThanOrEqual(0);
  await expect(grid.getByRole('columnheader', { name: 'Host' })).toBeInViewport();
  await expect(grid.locator('thead th').last()).toBeInViewport({ ratio: 1 });
  // Each outcome has its word, on the icon and in the legend.
  const failed = grid.locator('tbody tr').first().locator('td[data-outcome="failed"]').first();
  await expect(failed.getByRole('img', { name: 'failed' })).toBeVisible();
  await expect(page.getByTestId('housekeeping-matrix-legend').first()).toContainText('unreachable');
  await page.screenshot({ path: path.join(screenshots, 'housekeeping-matrix.png') });
  expect(errors, 'no console errors').toEqual([]);
});
