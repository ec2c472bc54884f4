import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigFromFile } from '@fleet/core';
import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import { screenshots, screenshotWholePage, signInThroughDemoButton } from './page-checks';

const configFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/demo.yaml');
const config = fleetConfigFromFile(readFileSync(configFile, 'utf8'), configFile, path.dirname(configFile));
const asgOf = (workerType: string) => {
  const name = config.workerTypes.find((w) => w.key === workerType)?.asgs[0];
  if (!name) throw new Error(`config/demo.yaml has no group for worker type ${workerType}`);
  return name;
};
// An ordinary pool (operators may refresh it) and the production pool (admins, four-eyes).
const ordinaryPool = asgOf('rhel8-gpu');
const productionPool = asgOf('rhel7-app-interface');

const table = (page: Page, name: string): Locator => page.getByRole('grid', { name }).or(page.getByRole('table', { name }));
const auditRows = (page: Page) => table(page, 'Audit attempts').locator('tbody tr[data-correlation-id]');

/**
 * Console errors and uncaught exceptions, except those wrong passwords are meant to cause:
 * Chromium logs every 4xx response, and auth.signIn answers a wrong password with 401, too many with 429
 * (and so does a guest's look at the audit trail, when `expected401` says where).
 */
function collectPageErrors(page: Page, expected401?: RegExp): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.location().url.includes('/api/trpc/auth.signIn') && /status of (401|429)/.test(message.text())) return;
    if (expected401?.test(message.location().url) && /status of 401/.test(message.text())) return;
    errors.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message} (${page.url()})`));
  return errors;
}

interface TrpcFailure {
  error: { json: { message: string; data: { code: string; guard: { check: string; code: string } | null } } };
}

/** A tRPC call over plain HTTP, as any client could make it: superjson's `{"json": …}` envelope, no batching. */
async function mutate(api: APIRequestContext, procedure: string, input: unknown) {
  const response = await api.post(`/api/trpc/${procedure}`, { data: { json: input } });
  return { response, body: (await response.json()) as { result?: { data: { json: unknown } } } & Partial<TrpcFailure> };
}

async function query<T>(api: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await api.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.ok(), `${procedure} answers: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Signs a client of its own in, so the browser's session stays whoever signed in through the form. */
async function signIn(api: APIRequestContext, user: string) {
  const { response } = await mutate(api, 'auth.signIn', { user, password: 'demo' });
  expect(response.ok()).toBe(true);
  // The route handler hands tRPC's response headers on: the session cookie reaches the client, HttpOnly.
  expect(response.headers()['set-cookie']).toMatch(/^fleet_session=[^;]+;.*HttpOnly/);
}

test('an operator signs in through the form; a viewer’s denied refresh is in the audit trail, which guests cannot read', async ({ page, playwright, baseURL }) => {
  const errors = collectPageErrors(page, /\/api\/trpc\/audit\.attempts/);
  const masthead = page.getByTestId('masthead-user');

  // Guests read the fleet in the demo, not the audit trail (auth.anonymousAudit is off): they are asked to sign in.
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(masthead).toContainText('Viewing as guest');
  await expect(page.getByRole('heading', { name: 'Sign in to see the audit trail' })).toBeVisible();
  await expect(table(page, 'Audit attempts')).toHaveCount(0);

  // The masthead's link comes back to /audit after signing in.
  await masthead.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Faudit$/);
  for (const [user, role] of [['alice', 'viewer'], ['oscar', 'operator'], ['ada', 'admin'], ['grace', 'admin']]) {
    await expect(page.getByRole('button', { name: `Sign in as ${user} (${role})` })).toBeVisible();
  }
  await screenshotWholePage(page, 'signin.png');

  await page.getByRole('textbox', { name: 'User name' }).fill('oscar');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signin-error')).toContainText('the user name or password is wrong');
  await expect(masthead).toContainText('Viewing as guest');

  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('masthead-identity')).toHaveText('oscar · operator');
  const session = (await page.context().cookies()).find((c) => c.name === 'fleet_session');
  expect(session?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain('fleet_session');
  // Sign-ins are folded away by default, a click from showing.
  await expect(page.getByTestId('hidden-noise')).toContainText('sign-ins and sign-outs hidden');
  await page.getByTestId('hidden-noise').getByRole('button', { name: 'Show them' }).click();
  await expect(page).toHaveURL(/[?&]noise=shown(&|$)/);
  await expect(auditRows(page).and(page.locator('[data-user="oscar"][data-action="auth.signIn"]')).first()).toBeVisible();

  // alice, a viewer, tries to start a refresh from a client of her own: the guard refuses and records it.
  const alice = await playwright.request.newContext({ baseURL });
  await signIn(alice, 'alice');
  const reason = `e2e ${randomUUID().slice(0, 8)}: a viewer tries to refresh`;
  const attempt = { target: ordinaryPool, input: { preferences: {} }, previewFingerprint: 'none', confirmation: ordinaryPool, reason, idempotencyKey: randomUUID() };
  const { response, body } = await mutate(alice, 'asgs.startRefresh', attempt);
  expect(response.status()).toBe(403);
  expect(body.error?.json.data.guard).toMatchObject({ check: 'role', code: 'role-too-low' });
  expect(body.error?.json.message).toMatch(/^operator role needed \(you are a viewer\)/);
  await alice.dispose();

  // The page polls; a reload shows the new row at once.
  await page.reload();
  const denied = auditRows(page).filter({ hasText: reason });
  await expect(denied).toHaveCount(1);
  await expect(denied).toHaveAttribute('data-user', 'alice');
  await expect(denied).toHaveAttribute('data-action', 'asg.refresh.start');
  await expect(denied).toHaveAttribute('data-outcome', 'denied');
  await expect(denied.locator('[data-outcome="denied"]')).toHaveText('denied');
  await expect(denied).toContainText(ordinaryPool);
  await expect(denied).toContainText('role-too-low');
  await screenshotWholePage(page, 'audit.png');

  // The filter toolbar narrows to alice's denied attempts, and the URL says so.
  await page.getByRole('textbox', { name: 'Filter by user' }).fill('alice');
  await page.getByRole('textbox', { name: 'Filter by user' }).press('Enter');
  await expect(page).toHaveURL(/[?&]user=alice(&|$)/);
  await page.getByRole('button', { name: 'Filter by outcome' }).click();
  await page.getByRole('option', { name: 'denied' }).click();
  await expect(page).toHaveURL(/[?&]outcome=denied(&|$)/);
  await expect(auditRows(page).filter({ hasText: reason })).toHaveCount(1);
  // The previous filter's rows stay on screen until the new ones arrive: wait for every row to be alice's denied ones.
  await expect
    .poll(async () => [...new Set(await auditRows(page).evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-user')} ${r.getAttribute('data-outcome')}`)))])
    .toEqual(['alice denied']);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Filter by user' })).toHaveValue('alice');
  await expect(auditRows(page).filter({ hasText: reason })).toHaveCount(1);

  // Signing out makes a guest again, who is asked to sign in to read the trail.
  await masthead.getByRole('button', { name: 'Sign out' }).click();
  await expect(masthead).toContainText('Viewing as guest');
  await page.reload();
  await expect(masthead).toContainText('Viewing as guest');
  await expect(page.getByRole('heading', { name: 'Sign in to see the audit trail' })).toBeVisible();

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

interface CheckResult {
  check: string;
  status: 'pass' | 'fail' | 'note';
  message: string;
}

test('a four-eyes request waits for a second admin: the requester cannot approve it, another admin rejects it', async ({ page, playwright, baseURL }) => {
  const errors = collectPageErrors(page);
  const ada = await playwright.request.newContext({ baseURL });
  await signIn(ada, 'ada');
  // The preview needs the group synced once.
  await expect
    .poll(async () => (await ada.get(`/api/trpc/asgs.get?input=${encodeURIComponent(JSON.stringify({ json: { name: productionPool } }))}`)).status(), {
      timeout: 120_000,
      message: `the first Auto Scaling sync has read ${productionPool}`,
    })
    .toBe(200);
  const request = { action: 'asg.refresh.start', target: productionPool, input: { preferences: { skipMatching: false } } };
  const { preview, checks } = await query<{ preview: { fingerprint: string }; checks: CheckResult[] }>(ada, 'actions.preview', request);
  const failing = checks.filter((c) => c.status === 'fail');
  // The demo freezes this pool on Wednesday afternoons (Madrid): then nobody may even ask.
  test.skip(failing.some((c) => c.check === 'freeze'), `a freeze window is in force: ${failing.map((c) => c.message).join('; ')}`);
  expect(failing).toEqual([]);

  const { response, body } = await mutate(ada, 'asgs.startRefresh', {
    target: productionPool,
    input: request.input,
    previewFingerprint: preview.fingerprint,
    confirmation: productionPool,
    reason: 'e2e: four-eyes needs a second admin',
    idempotencyKey: randomUUID(),
  });
  expect(response.ok(), JSON.stringify(body)).toBe(true);
  const requested = body.result?.data.json as { journalId: string; correlationId: string; state: string };
  expect(requested.state).toBe('pending-approval');
  await ada.dispose();

  // Other pages point at waiting requests.
  await signInThroughDemoButton(page, 'ada', 'admin', '/audit');
  await expect(page.getByRole('heading', { name: /\d+ requests? waits? for a second person’s approval/ })).toBeVisible();
  await page.getByRole('link', { name: 'Review pending approvals' }).click();
  await expect(page).toHaveURL(/\/approvals$/);

  // ada sees her own request, cannot approve it and is told why; she could withdraw it.
  const row = table(page, 'Pending approvals').locator(`tbody tr[data-journal-id="${requested.journalId}"]`);
  await expect(row).toContainText(productionPool);
  await expect(row.getByRole('button', { name: /^Approve / })).toBeDisabled();
  await expect(row.getByTestId('approval-refusal')).toHaveText('you requested this; another person must approve it');
  await expect(row.getByRole('button', { name: /^Withdraw / })).toBeEnabled();
  await screenshotWholePage(page, 'approvals.png');

  // grace, the second admin, may approve; she rejects it with a reason instead, so nothing runs.
  await signInThroughDemoButton(page, 'grace', 'admin', '/approvals');
  await expect(row.getByRole('button', { name: /^Approve / })).toBeEnabled();
  await row.getByRole('button', { name: /^Reject / }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject this request' });
  await expect(dialog).toContainText('ada: “e2e: four-eyes needs a second admin”');
  await expect(dialog.getByRole('button', { name: 'Reject', exact: true })).toBeDisabled();
  await dialog.getByLabel('Why you reject it').fill('not during the e2e run, thanks');
  await expect(dialog.getByRole('button', { name: 'Reject', exact: true })).toBeEnabled();
  await page.screenshot({ path: path.join(screenshots, 'approval-reject.png') });
  await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(page.getByTestId('decision-outcome')).toContainText(`Rejected: asg.refresh.start on ${productionPool}; ada can request it again`);
  await expect(row).toHaveCount(0);

  // The action's trail: one line, ada's request, rejected by grace; its events in order behind it.
  await page.getByRole('link', { name: 'See its audit trail' }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?correlationId=${requested.correlationId}$`));
  await expect(auditRows(page)).toHaveCount(1);
  await expect(auditRows(page).nth(0)).toHaveAttribute('data-outcome', 'rejected');
  await expect(auditRows(page).nth(0)).toHaveAttribute('data-user', 'ada');
  await expect(auditRows(page).nth(0)).toContainText('decided by grace');
  await auditRows(page).nth(0).getByRole('link', { name: /Open the 2 events of this attempt/ }).click();
  const events = table(page, 'Events of this attempt').locator('tbody tr');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toHaveAttribute('data-outcome', 'pending-approval');
  await expect(events.nth(0)).toHaveAttribute('data-user', 'ada');
  await expect(events.nth(1)).toHaveAttribute('data-outcome', 'rejected');
  await expect(events.nth(1)).toHaveAttribute('data-user', 'grace');

  expect(errors, 'no console errors on any page visited').toEqual([]);
});

test('five wrong passwords for one name stop sign-in as it, whatever the password, and the form says for how long', async ({ page }) => {
  const errors = collectPageErrors(page);
  // No such user: the count is the same for any name, so the answer never tells who exists.
  const user = `mallory-${randomUUID().slice(0, 6)}`;
  await page.goto('/signin');
  const attempt = async (password: string) => {
    await page.getByRole('textbox', { name: 'User name' }).fill(user);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/trpc/auth.signIn')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  };
  for (let i = 1; i <= 5; i++) {
    await attempt(`guess-${i}`);
    await expect(page.getByTestId('signin-error')).toContainText('the user name or password is wrong');
  }
  await attempt('demo');
  await expect(page.getByTestId('signin-error')).toContainText(new RegExp(`5 failed sign-ins as ${user} within 15 min: refused for another (14|15) min \\(try again after `));
  await expect(page.getByTestId('masthead-user')).toContainText('Viewing as guest');
  await screenshotWholePage(page, 'signin-too-many.png');
  expect(errors, 'no console errors but the refused sign-ins').toEqual([]);
});
