import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { collectPageErrors, screenshots, screenshotWholePage, signInThroughDemoButton } from './page-checks';

const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
const fourEyes = new Set(config.access.policies.filter((p) => p.fourEyes).map((p) => p.target));

const table = (page: Page, name: string): Locator => page.getByRole('grid', { name }).or(page.getByRole('table', { name }));
const attempts = (page: Page) => table(page, 'Audit attempts').locator('tbody tr[data-correlation-id]');

test('a reviewer filters the demo’s history, opens an attempt, exports it and verifies the chain', async ({ page }) => {
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'ada', 'admin', '/audit');

  // Three weeks of history: one line per attempt, the evening of made-up names folded away.
  await expect(attempts(page).first()).toBeVisible();
  await expect(page.getByTestId('hidden-noise')).toContainText(/\d+ sign-ins and sign-outs hidden, 30 of them failed \(mallory × 27, admin × 3\)/);
  await expect(attempts(page).filter({ has: page.locator('[data-outcome="denied"]') }).filter({ hasText: 'auth.signIn' })).toHaveCount(0);
  await screenshotWholePage(page, 'audit-review.png');

  // Who approved what and how it ended: grace's decisions.
  await page.getByRole('textbox', { name: 'Filter by reason' }).fill('october image');
  await page.getByRole('textbox', { name: 'Filter by reason' }).press('Enter');
  await expect(page).toHaveURL(/[?&]search=october(\+|%20)image/);
  const approved = attempts(page).filter({ hasText: 'decided by grace' });
  await expect(approved).toHaveCount(1);
  await expect(approved).toHaveAttribute('data-outcome', 'failed');
  await expect(approved).toContainText('throttled');

  // Open it: its events in order, each with its link in the chain.
  await approved.getByRole('link', { name: /Open the 3 events of this attempt/ }).click();
  await expect(page).toHaveURL(/\/audit\/attempts\//);
  const events = table(page, 'Events of this attempt').locator('tbody tr');
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toHaveAttribute('data-outcome', 'pending-approval');
  await expect(events.nth(1)).toHaveAttribute('data-outcome', 'approved');
  await expect(events.nth(1)).toHaveAttribute('data-user', 'grace');
  await expect(events.nth(2)).toHaveAttribute('data-outcome', 'failed');
  await screenshotWholePage(page, 'audit-attempt-approved.png');

  // A refresh started from the portal: the preview confirmed before, the refresh it started after.
  await page.goto('/audit?action=asg.refresh.start&outcome=succeeded');
  const refresh = attempts(page).first();
  await expect(refresh.getByTestId('caused-refresh')).toBeVisible({ timeout: 90_000 });
  await refresh.getByRole('link', { name: /Open the \d+ events of this attempt/ }).click();
  await expect(page.getByTestId('confirmed-preview')).toContainText(/replace .*instances of/i);
  await expect(page.getByRole('heading', { name: 'After: succeeded' })).toBeVisible();
  await expect(page.getByTestId('caused-refresh')).toBeVisible();
  await screenshotWholePage(page, 'audit-attempt-refresh.png');

  // Export what the filter shows, as CSV.
  await page.goto('/audit?user=grace');
  await expect(attempts(page).first()).toBeVisible();
  const shown = await attempts(page).count();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^started_at,last_at,source,user,/);
  expect(lines.slice(1).every((line) => line.split(',')[3] === 'grace')).toBe(true);
  expect(lines.length - 1).toBeGreaterThanOrEqual(shown);

  // The chain holds.
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByTestId('chain-verdict')).toContainText('The audit trail is intact');
  await page.screenshot({ path: path.join(screenshots, 'audit-verify.png') });

  expect(errors, 'no console errors').toEqual([]);
});

test('a group’s own history, a click from its page, shows the change made outside the portal', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  await signInThroughDemoButton(page, 'oscar', 'operator', '/asgs');
  // dana raised an ordinary pool's maximum size from the console when the demo started; CloudTrail has it.
  const group = config.workerTypes.flatMap((w) => w.asgs).find((g) => !fourEyes.has(g))!;
  await page.goto(`/asgs/${encodeURIComponent(group)}`);
  await page.getByTestId('history-link').click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?target=${group}$`));
  const outside = attempts(page).and(page.locator('[data-source="cloudtrail"]'));
  // The CloudTrail sync reads every 30 s in the demo: the page refreshes by itself.
  await expect(outside.first()).toBeVisible({ timeout: 120_000 });
  await expect(outside.first()).toHaveAttribute('data-user', 'dana');
  await expect(outside.first()).toHaveAttribute('data-action', 'aws:UpdateAutoScalingGroup');
  await expect(outside.first()).toContainText('outside the portal');
  await screenshotWholePage(page, 'asg-history-outside.png');

  await outside.first().getByRole('link', { name: /Open the 1 events? of this attempt/ }).click();
  await expect(page.getByRole('heading', { name: 'The request AWS recorded' })).toBeVisible();
  await expect(page.getByLabel('Parameters')).toContainText('maxSize');
  await screenshotWholePage(page, 'audit-attempt-outside.png');
  expect(errors, 'no console errors').toEqual([]);
});

test('the perimeter: security headers, odd addresses and cookies answered cleanly, framing refused', async ({ page, request }) => {
  const home = await request.get('/');
  const headers = home.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
  for (const address of ['/asgs/%E0%A4%A', '/nodes/%', '/amis/%ZZ']) {
    const answer = await request.get(address);
    expect(answer.status(), address).toBe(400);
    expect(await answer.text()).toContain('This address is not valid');
  }
  const me = await request.get(`/api/trpc/auth.me?input=${encodeURIComponent(JSON.stringify({ json: null }))}`, { headers: { cookie: 'fleet_session=%' } });
  expect(me.status()).toBe(200);
  // `/asgs/%25` names a group called "%": the page says there is none, it does not fail.
  await page.goto('/asgs/%25');
  await expect(page.getByRole('heading', { name: 'This page failed to render' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: '%' })).toBeVisible();
});
