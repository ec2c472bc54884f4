import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshots, screenshotWholePage, signInThroughDemoButton, waitForFirstSyncs } from './page-checks';

const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
// The pool whose refresh waits for a second admin (config/demo.yaml: admins only, four-eyes).
const fourEyesPool = config.access.policies.find((p) => p.fourEyes)?.target ?? 'missing from config/demo.yaml';

const table = (page: Page, name: string): Locator => page.getByRole('grid', { name }).or(page.getByRole('table', { name }));
const navLink = (page: Page) => page.getByRole('navigation', { name: 'Fleet Portal' }).getByRole('link', { name: /^Approvals/ });

test.use({ viewport: { width: 1440, height: 900 } });
test.beforeAll(({ request }) => waitForFirstSyncs(request, ['autoscaling.groups', 'ec2.images']));

test('a four-eyes refresh is requested, not started; the other admins see it counted in the navigation, with its preferences and expiry', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);

  // ada's button says what it will do: ask a second admin, not start anything.
  await signInThroughDemoButton(page, 'ada', 'admin', `/asgs/${fourEyesPool}`);
  const actions = page.getByTestId('asg-actions');
  await expect(actions.getByRole('button', { name: 'Request approval' })).toBeEnabled();
  await expect(actions.getByRole('button', { name: 'Start refresh' })).toHaveCount(0);
  const freeze = page.getByTestId('asg-actions-refusal');
  // The demo freezes this pool on Wednesday afternoons (Madrid): then nobody may even ask.
  test.skip((await freeze.count()) > 0 && /frozen/.test(await freeze.innerText()), 'a freeze window is in force');
  await expect(navLink(page).getByTestId('pending-approvals-badge')).toHaveCount(0);

  await actions.getByRole('button', { name: 'Request approval' }).click();
  const dialog = page.getByRole('dialog', { name: `Request approval to refresh ${fourEyesPool}` });
  await dialog.getByLabel('Minimum healthy %').fill('50');
  await dialog.getByRole('checkbox', { name: 'Skip instances already on the desired configuration' }).uncheck();
  await expect(dialog.getByTestId('action-preview')).toContainText(/Replace [1-9]\d* of/);
  await expect(dialog).toContainText('waits for a second admin’s approval before it runs');
  await dialog.getByLabel(`Type ${fourEyesPool} to confirm`).fill(fourEyesPool);
  await dialog.getByLabel('Reason').fill('e2e: the approvals badge and the request’s preferences');
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByTestId('action-notice')).toContainText(`Refresh of ${fourEyesPool} waits for a second person's approval`);
  // Her own request is not hers to approve: still no badge for her.
  await expect(navLink(page).getByTestId('pending-approvals-badge')).toHaveCount(0);

  // grace, the other admin, sees the count in the navigation on any page.
  await signInThroughDemoButton(page, 'grace', 'admin', '/nodes');
  const badge = navLink(page).getByTestId('pending-approvals-badge');
  await expect(badge).toHaveText('1');
  await expect(badge).toHaveAttribute('aria-label', '1 request waits for your approval');
  await page.screenshot({ path: path.join(screenshots, 'approvals-badge.png') });

  // The request says what it asked for and until when it waits.
  await navLink(page).click();
  await expect(page).toHaveURL(/\/approvals$/);
  const row = table(page, 'Pending approvals').locator(`tbody tr[data-target="${fourEyesPool}"][data-requested-by="ada"]`);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('request-parameters')).toContainText('min healthy percentage: 50');
  await expect(row.getByTestId('request-parameters')).toContainText('skip matching: off');
  await expect(row.getByTestId('request-expires')).toHaveText(/^in \d+ hours$|^tomorrow$/);
  await screenshotWholePage(page, 'approvals-request.png');

  // An operator may approve none of this: no badge for oscar.
  await signInThroughDemoButton(page, 'oscar', 'operator', '/approvals');
  await expect(row.getByTestId('approval-refusal')).toHaveText('admin role needed to approve (you are an operator); ask ada or grace (group sre-admins)');
  await expect(navLink(page).getByTestId('pending-approvals-badge')).toHaveCount(0);

  // grace turns it down, so nothing runs and the pool stays free for the other tests; the badge goes.
  await signInThroughDemoButton(page, 'grace', 'admin', '/approvals');
  await row.getByRole('button', { name: /^Reject / }).click();
  const reject = page.getByRole('dialog', { name: 'Reject this request' });
  await expect(reject).toContainText('min healthy percentage: 50');
  await reject.getByLabel('Why you reject it').fill('not during the e2e run, thanks');
  await reject.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect(badge).toHaveCount(0);

  expect(errors, 'no console errors on any page visited').toEqual([]);
});
