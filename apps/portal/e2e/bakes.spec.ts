import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const attempts = (page: Page): Locator => page.getByRole('grid', { name: 'Audit attempts' }).or(page.getByRole('table', { name: 'Audit attempts' })).locator('tbody tr[data-correlation-id]');

test.beforeAll(({ request }) => waitForFirstSyncs(request, ['ec2.images', 'git.infra-repo', 'jenkins.bakes']));

/** Confirms an open action dialog: the target typed, a reason. */
async function confirm(dialog: Locator, target: string, reason: string, submit: string) {
  await dialog.getByLabel(`Type ${target} to confirm`).fill(target);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: submit }).click();
  await expect(dialog).toHaveCount(0);
}

test('an operator rebuilds a missing AMI from the lineage, follows the bake live to its AMI, finds it marked new on the lineage and the request in the audit trail', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/');
  // Each worker type's newest AMI and its distance from the head, as the Overview says before.
  const newest = async () => {
    const table = page.getByRole('grid', { name: 'Worker types' }).or(page.getByRole('table', { name: 'Worker types' }));
    await expect(table.locator('tr[data-worker-type]').first()).toBeVisible({ timeout: 60_000 });
    const rows = await table.locator('tr[data-worker-type]').evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-worker-type'), [...tr.querySelectorAll('td')].filter((td) => ['Newest AMI', 'Head'].includes(td.dataset.label ?? '')).map((td) => td.innerText.split('\n')[0]).join(' | ')]),
    );
    return new Map(rows as [string, string][]);
  };
  // Read once every row has its AMI and distance (the table fills as the queries answer).
  await expect.poll(async () => [...(await newest()).values()].every((cells) => /^ami-\S+ \| (at head|\d+ commits? behind)$/.test(cells)), { timeout: 30_000 }).toBe(true);
  const before = await newest();
  await page.goto('/lineage');

  // A commit whose bake failed for one worker type leaves a missing cell with a Rebuild button.
  const rebuild = page.getByTestId('rebuild-cell').first();
  await expect(rebuild).toBeVisible({ timeout: 60_000 });
  await rebuild.click();
  const dialog = page.getByRole('dialog', { name: /^Rebuild \S+ at [0-9a-f]{7}$/ });
  await expect(dialog).toBeVisible();
  const [, workerType, sha] = /^Rebuild (\S+) at ([0-9a-f]{7})$/.exec((await dialog.getByRole('heading').first().innerText()).trim())!;
  await expect(dialog.getByTestId('action-preview')).toContainText(`a full bake of 1 worker type at ${sha}`);
  await expect(dialog.getByTestId('bake-plan')).toContainText(`for ${workerType}`);
  await confirm(dialog, sha!, 'the last bake failed for this worker type', 'Start the bake');
  await expect(page.getByTestId('bake-notice')).toContainText(`Bake of ${sha} queued in Jenkins`);

  // The bake's page: Jenkins's build, the worker type's stage, the console as it grows.
  await page.getByTestId('bake-notice').getByRole('link', { name: 'Follow the bake' }).click();
  await expect(page).toHaveURL(/\/bakes\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^Bake #\\d+ of ${sha}$`), { timeout: 60_000 });
  const progress = page.getByTestId('bake-worker-types');
  const row = progress.locator(`tr[data-worker-type="${workerType}"]`);
  await expect(row.locator('[data-stage]')).toHaveAttribute('data-stage', /^(waiting|building|ami-created)$/, { timeout: 60_000 });
  const log = page.getByRole('log');
  await expect(log).toContainText('build_images.sh');
  await expect(log).toContainText(`amazon-ebs.${workerType}`, { timeout: 60_000 });
  const search = page.getByRole('textbox', { name: /^Search the console/ });
  await search.fill('Prevalidating');
  await search.press('Enter');
  await expect(page.locator('mark').first()).toHaveText('Prevalidating');
  await screenshotWholePage(page, 'bake-running.png');

  // To the end: the build succeeds and the worker type has its AMI.
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', 'succeeded', { timeout: 300_000 });
  await expect(row.locator('[data-stage]')).toHaveAttribute('data-stage', /^(sharing|done)$/);
  const ami = row.getByRole('link', { name: /^ami-/ });
  await expect(ami).toBeVisible();
  const imageId = (await ami.innerText()).trim();
  await screenshotWholePage(page, 'bake-succeeded.png');

  // The lineage was re-synced when the bake ended: the missing cell now holds the AMI, marked new.
  await page.goto('/lineage');
  const cell = page.locator('.fp-lineage-cell', { has: page.locator(`a[title="${imageId}"]`) }).first();
  await expect(cell).toHaveAttribute('data-cell', 'built', { timeout: 60_000 });
  await expect(cell.locator('[data-new-ami]')).toBeVisible();
  await screenshotWholePage(page, 'bake-lineage-new.png');

  // An AMI rebuilt at an old commit is not the worker type's newest: the Overview reads as before.
  await page.goto('/');
  await expect.poll(async () => (await newest()).get(workerType!), { timeout: 30_000 }).toBe(before.get(workerType!));
  expect((await newest()).get(workerType!)).not.toContain(imageId);

  await page.goto(`/audit?action=bake.start`);
  await expect(attempts(page).first()).toContainText('bake.start');
  await expect(attempts(page).first()).toContainText('oscar');
  await expect(attempts(page).first()).toContainText('the last bake failed for this worker type');
  await expect(attempts(page).first()).toHaveAttribute('data-outcome', 'succeeded');
  expect(errors, 'no console errors').toEqual([]);
});

test('an operator aborts a running bake of the head; the worker types it was building say they stopped', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/bakes');
  await page.getByRole('button', { name: /^Bake the head \([0-9a-f]{7}\)$/ }).click();
  const dialog = page.getByRole('dialog');
  const target = /^Type ([0-9a-f]{7}) to confirm/.exec(await dialog.locator('label', { hasText: /^Type / }).first().innerText())![1]!;
  await expect(dialog.getByTestId('action-preview')).toBeVisible();
  await confirm(dialog, target, 'bake the head to check the abort button', 'Start the bake');
  await page.getByTestId('bake-notice').getByRole('link', { name: 'Follow the bake' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Bake #\d+ of [0-9a-f]{7}$/, { timeout: 60_000 });
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', 'running', { timeout: 60_000 });
  await expect(page.getByTestId('bake-worker-types').locator('[data-stage="building"]').first()).toBeVisible({ timeout: 60_000 });

  const number = /^Bake #(\d+) of/.exec(await page.getByRole('heading', { level: 1 }).innerText())![1];
  const job = `build-worker-amis#${number}`;
  await page.getByRole('button', { name: 'Abort the bake' }).click();
  const abort = page.getByRole('dialog', { name: `Abort ${job}` });
  await expect(abort.getByTestId('action-preview')).toBeVisible();
  await confirm(abort, job, 'started to check the page, not needed now', 'Abort the bake');
  await expect(page.locator('[data-build-state]').first()).toHaveAttribute('data-build-state', 'aborted', { timeout: 60_000 });
  // The worker types it was building say they stopped, not that they still build.
  await expect(page.getByTestId('bake-worker-types').locator('[data-stage="stopped"]').first()).toBeVisible();
  await expect(page.getByTestId('bake-worker-types').locator('[data-stage="building"]')).toHaveCount(0);
  await screenshotWholePage(page, 'bake-aborted.png');
  expect(errors, 'no console errors').toEqual([]);
});
