import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const attempts = (page: Page): Locator => page.getByRole('grid', { name: 'Audit attempts' }).or(page.getByRole('table', { name: 'Audit attempts' })).locator('tbody tr[data-correlation-id]');

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['ec2.images', 'git.infra-repo', 'jenkins.bakes']));

test('an operator rebuilds a missing AMI from the lineage, follows the bake live, aborts it and finds the request in the audit trail', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/lineage');

  // A commit whose bake failed for one worker type leaves a missing cell with a Rebuild button.
  const rebuild = page.getByTestId('rebuild-cell').first();
  await expect(rebuild).toBeVisible({ timeout: 60_000 });
  await rebuild.click();
  const dialog = page.getByRole('dialog', { name: /^Rebuild \S+ at [0-9a-f]{7}$/ });
  await expect(dialog).toBeVisible();
  const [, workerType, sha] = /^Rebuild (\S+) at ([0-9a-f]{7})$/.exec((await dialog.getByRole('heading').first().innerText()).trim())!;
  await expect(dialog.getByTestId('action-preview')).toContainText(`a full bake of 1 worker type at ${sha}`);
  await expect(dialog.getByTestId('bake-plan')).toContainText(`for ${workerType}`);
  await dialog.getByLabel(`Type ${sha} to confirm`).fill(sha!);
  await dialog.getByLabel('Reason').fill('the last bake failed for this worker type');
  await dialog.getByRole('button', { name: 'Start the bake' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('bake-notice')).toContainText(`Bake of ${sha} queued in Jenkins`);

  // The bake's page: Jenkins's build, the worker type's stage, the console as it grows.
  await page.getByTestId('bake-notice').getByRole('link', { name: 'Follow the bake' }).click();
  await expect(page).toHaveURL(/\/bakes\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^Bake #\\d+ of ${sha}$`), { timeout: 60_000 });
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', 'running');
  const progress = page.getByTestId('bake-worker-types');
  await expect(progress).toContainText(workerType!);
  const log = page.getByRole('log');
  await expect(log).toContainText('build_images.sh');
  await expect(log).toContainText(`amazon-ebs.${workerType}`, { timeout: 60_000 });
  const search = page.getByRole('textbox', { name: /^Search the console/ });
  await search.fill('Prevalidating');
  await search.press('Enter');
  await expect(page.locator('mark').first()).toHaveText('Prevalidating');
  await screenshotWholePage(page, 'bake-running.png');

  // Abort: guarded like every action; the build ends aborted.
  const number = /^Bake #(\d+) of/.exec(await page.getByRole('heading', { level: 1 }).innerText())![1];
  const target = `build-worker-amis#${number}`;
  await page.getByRole('button', { name: 'Abort the bake' }).click();
  const abort = page.getByRole('dialog', { name: `Abort ${target}` });
  await expect(abort.getByTestId('action-preview')).toBeVisible();
  await abort.getByLabel(`Type ${target} to confirm`).fill(target);
  await abort.getByLabel('Reason').fill('started to check the page, not needed now');
  await abort.getByRole('button', { name: 'Abort the bake' }).click();
  await expect(abort).toHaveCount(0);
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', 'aborted', { timeout: 60_000 });
  // The worker type it was building says it stopped, not that it still builds.
  await expect(progress.locator(`tr[data-worker-type="${workerType}"] [data-stage]`)).toHaveAttribute('data-stage', 'stopped');
  await screenshotWholePage(page, 'bake-aborted.png');

  // The request, with its reason, in the audit trail.
  await page.getByRole('link', { name: 'The request in the audit trail' }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  await expect(attempts(page).first()).toContainText('bake.start');
  await expect(attempts(page).first()).toContainText('oscar');
  await expect(attempts(page).first()).toContainText('the last bake failed for this worker type');
  await expect(attempts(page).first()).toHaveAttribute('data-outcome', 'succeeded');
  expect(errors, 'no console errors').toEqual([]);
});
