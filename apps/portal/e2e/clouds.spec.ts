import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const section = (page: Page, controller: string): Locator => page.locator(`[data-controller="${controller}"]`);
const attempts = (page: Page) => page.getByRole('grid', { name: 'Audit attempts' }).or(page.getByRole('table', { name: 'Audit attempts' })).locator('tbody tr[data-correlation-id]');

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['jenkins.clouds']));

async function openResync(page: Page, controller: string) {
  await section(page, controller).getByRole('button', { name: /^(Resync|Check) clouds$/ }).click();
  const dialog = page.getByRole('dialog', { name: `Resync the EC2 Fleet clouds of ${controller}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function confirm(dialog: Locator, controller: string, reason: string) {
  await dialog.getByLabel(`Type ${controller} to confirm`).fill(controller);
  await dialog.getByLabel('Reason').fill(reason);
}

test('an operator sees the drift but cannot resync: the button says an admin is needed', async ({ page }) => {
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/clouds');
  const ciInt = section(page, 'ci-int');
  await expect(ciInt.locator('[data-clouds-status]')).toHaveAttribute('data-clouds-status', 'drifted');
  const button = ciInt.getByRole('button', { name: 'Resync clouds' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await button.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(errors, 'no console errors').toEqual([]);
});

test('an admin sees a cloud changed by hand, dry-runs the resync, resyncs, sees it in sync and finds before and after in the audit trail', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'ada', 'admin', '/clouds');

  // ci-int (Configuration as Code) starts with one cloud's idleMinutes changed by hand; the Kubernetes cloud is another kind.
  const ciInt = section(page, 'ci-int');
  await expect(ciInt.locator('[data-clouds-status]')).toHaveText('1 cloud drifted');
  const changed = ciInt.locator('tr[data-cloud-status="changed"]');
  await expect(changed).toHaveCount(1);
  await expect(changed.getByTestId('cloud-changes')).toContainText('idleMinutes');
  const cloud = await changed.getAttribute('data-cloud');
  await expect(ciInt.locator('tr[data-cloud-status="unmanaged"]')).toContainText('kubernetes');
  await expect(ciInt).toContainText('Configuration as Code');
  // ci-ext has no Configuration as Code: the Script Console writes its clouds.
  await expect(section(page, 'ci-ext')).toContainText('the Script Console');
  await expect(section(page, 'ci-ext').locator('[data-clouds-status]')).toHaveAttribute('data-clouds-status', 'drifted');
  await screenshotWholePage(page, 'clouds-drifted.png');

  // A dry run is the default: the controller checks the declaration and nothing changes.
  let dialog = await openResync(page, 'ci-int');
  await expect(dialog.getByRole('checkbox', { name: /^Dry run/ })).toBeChecked();
  await expect(dialog.getByTestId('action-preview')).toContainText('Dry run on ci-int');
  await expect(dialog.getByTestId('clouds-drift')).toContainText(`${cloud}: idleMinutes`);
  await confirm(dialog, 'ci-int', 'check the declared clouds before writing them');
  await dialog.getByRole('button', { name: 'Run the dry run' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(ciInt.getByTestId('clouds-notice')).toContainText("Dry run: ci-int's Configuration as Code accepts the declared clouds; nothing was changed");
  await expect(ciInt.locator('[data-clouds-status]')).toHaveAttribute('data-clouds-status', 'drifted');
  await expect(ciInt.getByTestId('clouds-last-resync')).toContainText('Dry run by ada');

  // The real resync: untick the dry run, the preview and the button say so.
  dialog = await openResync(page, 'ci-int');
  await dialog.getByRole('checkbox', { name: /^Dry run/ }).uncheck();
  await expect(dialog.getByTestId('action-preview')).toContainText("Resync ci-int's EC2 Fleet clouds, checked by ci-int's Configuration as Code, then applied");
  await confirm(dialog, 'ci-int', 'set the idle timeout back to the declared value');
  await screenshotWholePage(page, 'clouds-resync-dialog.png');
  await dialog.getByRole('button', { name: 'Resync', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(ciInt.getByTestId('clouds-notice')).toContainText("ci-int's clouds are resynced and read back as declared");
  await expect(ciInt.getByTestId('clouds-notice')).toContainText(`${cloud}: idleMinutes`);
  await expect(ciInt.locator('[data-clouds-status]')).toHaveText('in sync', { timeout: 30_000 });
  await expect(ciInt.locator('tr[data-cloud-status="changed"]')).toHaveCount(0);
  await expect(ciInt.getByTestId('clouds-last-resync')).toContainText('Resync by ada');
  await screenshotWholePage(page, 'clouds-in-sync.png');

  // The audit trail: both attempts, the resync with the clouds before and after.
  await ciInt.getByTestId('clouds-notice').getByRole('link', { name: 'See it in the audit trail' }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  await expect(attempts(page)).toHaveCount(1);
  await expect(attempts(page).first()).toContainText('clouds.resync');
  await expect(attempts(page).first()).toContainText('ada');
  await expect(attempts(page).first()).toHaveAttribute('data-outcome', 'succeeded');
  await attempts(page).first().getByRole('link', { name: /Open the \d+ events of this attempt/ }).click();
  await expect(page).toHaveURL(/\/audit\/attempts\//);
  await expect(page.locator('main')).toContainText('"before"');
  await expect(page.locator('main')).toContainText('"after"');
  await screenshotWholePage(page, 'clouds-audit.png');
  expect(errors, 'no console errors').toEqual([]);
});
