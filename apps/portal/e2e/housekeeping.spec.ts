import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

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
