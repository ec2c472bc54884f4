import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, signedIn, testConfig, touchRequest, type Caller } from '../test/harness.ts';
import { addPool, createTouchTables, touches } from '../test/touch-action.ts';
import { GuardRefusal } from './refusal.ts';

const HOUR = 3_600_000;

describe.each(testDatabases())('who sees waiting requests, and refusals in plain words, on $name', (target) => {
  let db: TestDatabase;
  // Four-eyes for admins on prod-*; requests wait two hours. The clock is the test's to move.
  const config = testConfig({ policies: [{ action: 'test.touch', target: 'prod-*', role: 'admin', fourEyes: true }], approvalExpiry: 2 * HOUR });
  let now = new Date('2026-12-07T10:00:00Z');
  const clock = () => now;
  let alice: Caller;
  let oscar: Caller;
  let ada: Caller;
  let grace: Caller;

  beforeAll(async () => {
    db = await target.open();
    await createTouchTables(db.prisma);
    for (const pool of ['pool-a', 'prod-1', 'prod-2']) await addPool(db.prisma, pool);
    alice = await signedIn(db.prisma, config, 'alice', clock);
    oscar = await signedIn(db.prisma, config, 'oscar', clock);
    ada = await signedIn(db.prisma, config, 'ada', clock);
    grace = await signedIn(db.prisma, config, 'grace', clock);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('counts waiting requests only for those who could approve them, and the count follows requests and approvals', async () => {
    expect(await alice.api.actions.pendingCount()).toBeNull();
    expect(await oscar.api.actions.pendingCount()).toBeNull();
    expect(await callerWith(db.prisma, config, {}, clock).api.actions.pendingCount()).toBeNull();
    expect(await grace.api.actions.pendingCount()).toEqual({ count: 0 });

    const requested = await ada.api.test.touch(touchRequest('prod-1'));
    expect(requested.state).toBe('pending-approval');
    expect(await grace.api.actions.pendingCount()).toEqual({ count: 1 });
    // Her own request is not hers to approve.
    expect(await ada.api.actions.pendingCount()).toEqual({ count: 0 });
    expect(await oscar.api.actions.pendingCount()).toBeNull();

    await grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' });
    expect(await grace.api.actions.pendingCount()).toEqual({ count: 0 });
    expect(await touches(db.prisma, 'prod-1')).toBe(1);
  });

  it('refuses a viewer with the role needed, her role and who can act; the policy stays as the detail', async () => {
    const refusal = await alice.api.test.touch(touchRequest('prod-2')).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: 'admin role needed (you are a viewer); ask ada or grace (group sre-admins)' });
    const denial = (refusal as { cause?: unknown }).cause;
    expect(denial).toBeInstanceOf(GuardRefusal);
    expect((denial as GuardRefusal).denial.detail).toMatch(/^access\.policies\[0\] \(action "test\.touch", target "prod-\*"\) applies/);
    // The same words before anyone clicks, for the button.
    const checks = await alice.api.actions.checks({ action: 'test.touch', target: 'pool-a' });
    expect(checks.checks.find((c) => c.check === 'role')).toMatchObject({
      status: 'fail',
      message: 'operator role needed (you are a viewer); ask oscar, ada or grace (groups sre-admins, sre)',
      detail: expect.stringContaining('no policy matches test.touch on pool-a, so access.defaultRole (operator) applies'),
    });
  });

  it('says when a waiting request expires; after that nobody may approve it, and a new request closes it', async () => {
    const requested = await ada.api.test.touch(touchRequest('prod-2'));
    const [waiting] = (await grace.api.actions.list()).pendingApprovals;
    expect(waiting).toMatchObject({ id: requested.journalId, parameters: {}, canApprove: true, expiresAt: new Date(now.getTime() + 2 * HOUR) });

    now = new Date(now.getTime() + 2 * HOUR + 1);
    expect(await grace.api.actions.pendingCount()).toEqual({ count: 0 });
    await expect(grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-2' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'this request expired at 2026-12-07 12:00 UTC; ada can request it again, or anyone with the role can reject it to free the target',
    });
    expect(await touches(db.prisma, 'prod-2')).toBe(0);

    const again = await ada.api.test.touch(touchRequest('prod-2'));
    expect(again.state).toBe('pending-approval');
    expect(await grace.api.actions.get({ journalId: requested.journalId })).toMatchObject({ state: 'cancelled', errorCode: 'expired' });
  });
});
