import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callerWith, signedIn, testConfig, touchRequest, type Caller } from '../test/harness.ts';
import { addPool, createTouchTables, touches } from '../test/touch-action.ts';

/** A reason that makes the test trigger below refuse the audit row, as a full disk or a lost connection would. */
const AUDIT_FAILS = 'audit-write-fails-here';

describe.each(testDatabases())('the guard against hostile input on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig({ policies: [{ action: 'test.touch', target: 'prod-*', role: 'admin', fourEyes: true }] });
  let oscar: Caller;
  let ada: Caller;
  let grace: Caller;

  beforeAll(async () => {
    db = await target.open();
    await createTouchTables(db.prisma);
    for (const pool of ['pool-a', 'pool-b', 'prod-1']) await addPool(db.prisma, pool);
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_audit_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file "base/16384/2619": No space left on device'; END; $$`);
    await db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_audit_write_fails BEFORE INSERT ON audit_event
        FOR EACH ROW WHEN (NEW.reason LIKE '%${AUDIT_FAILS}%') EXECUTE FUNCTION test_audit_write_fails()`);
    oscar = await signedIn(db.prisma, config, 'oscar');
    ada = await signedIn(db.prisma, config, 'ada');
    grace = await signedIn(db.prisma, config, 'grace');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());
  afterEach(() => vi.restoreAllMocks());

  const lastEvent = () => db.prisma.auditEvent.findFirst({ orderBy: [{ at: 'desc' }, { id: 'desc' }] });

  it('refuses a NUL in a reason as invalid input, and audits the refusal', async () => {
    await expect(oscar.api.test.touch(touchRequest('pool-a', 1, { reason: 'because\u0000 of reasons' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('reason: must not contain control characters'),
    });
    expect(await lastEvent()).toMatchObject({ user: 'oscar', outcome: 'denied', errorCode: 'invalid-input', reason: 'because\uFFFD of reasons' });
    expect(await touches(db.prisma, 'pool-a')).toBe(0);
  });

  it('refuses a 4 kB target and audits it with the target cut to its bound', async () => {
    const huge = 'p'.repeat(4096);
    await expect(oscar.api.test.touch(touchRequest(huge))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const event = await lastEvent();
    expect(event).toMatchObject({ outcome: 'denied', errorCode: 'invalid-input' });
    expect(event?.target?.length).toBeLessThanOrEqual(255);
    expect(event?.target).toMatch(/^p+ … \[\d+ more characters not kept\]$/);
  });

  it('keeps only the first 2,000 characters of an anonymous 1 MB reason', async () => {
    const anonymous = callerWith(db.prisma, config);
    await expect(anonymous.api.test.touch(touchRequest('pool-a', 1, { reason: 'r'.repeat(1_000_000) }))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const event = await lastEvent();
    expect(event).toMatchObject({ user: null, errorCode: 'not-signed-in' });
    expect(event?.reason?.length).toBeLessThanOrEqual(2_000);
  });

  it('answers a NUL in a sign-in name as a wrong sign-in, audited', async () => {
    const anonymous = callerWith(db.prisma, config);
    await expect(anonymous.api.auth.signIn({ user: 'ad\u0000a', password: 'demo' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'the user name or password is wrong' });
    expect(await lastEvent()).toMatchObject({ action: 'auth.signIn', target: 'ad\uFFFDa', outcome: 'denied' });
  });

  it('keeps NUL and parameters’ odd keys out of the stored parameters', async () => {
    await expect(oscar.api.test.touch(touchRequest('pool-a', 1, { input: { 'mo\u0000de': 'x\u0000' } }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await lastEvent())?.parameters).toEqual({ 'mo\uFFFDde': 'x\uFFFD' });
  });

  it('refuses a NUL in any query’s text with BAD_REQUEST, not a database error', async () => {
    const queries: [string, () => Promise<unknown>][] = [
      ['nodes.list', () => oscar.api.nodes.list({ search: 'i-\u0000' })],
      ['audit.list', () => oscar.api.audit.list({ user: 'al\u0000ice' })],
      ['actions.list', () => oscar.api.actions.list({ target: 'po\u0000ol' })],
      ['actions.checks', () => oscar.api.actions.checks({ action: 'test.touch', target: 'po\u0000ol' })],
      ['actions.preview', () => oscar.api.actions.preview({ action: 'test.touch', target: 'po\u0000ol', input: {} })],
    ];
    for (const [name, run] of queries) await expect(run(), name).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('fails the action before any side effect when its audit row cannot be written, holding nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const attempt = oscar.api.test.touch(touchRequest('pool-b', 1, { reason: `testing ${AUDIT_FAILS}` }));
    await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: expect.stringMatching(/^the portal could not record this attempt, so nothing was done \(reference [0-9a-f-]{36}\)/) });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).not.toMatch(/No space left|prisma|invocation|base\/16384/i);
    expect(await touches(db.prisma, 'pool-b')).toBe(0);
    expect(await db.prisma.targetLock.count()).toBe(0);
    expect(await db.prisma.actionJournal.count({ where: { target: 'pool-b' } })).toBe(0);
    const reference = /reference ([0-9a-f-]{36})/.exec(error.message)![1]!;
    expect(logged.mock.calls.flat().join(' ')).toContain(reference);
    expect(logged.mock.calls.flat().join(' ')).toContain('No space left on device');
  });

  it('leaves an approval pending when its audit row cannot be written', async () => {
    const requested = await ada.api.test.touch(touchRequest('prod-1'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1', comment: `looks fine ${AUDIT_FAILS}` })).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(await db.prisma.actionJournal.findUnique({ where: { id: requested.journalId } })).toMatchObject({ state: 'pending-approval', approvedBy: null });
    expect(await touches(db.prisma, 'prod-1')).toBe(0);
    // The target is still held by the waiting request, as before the failed approval, and it can still be approved.
    expect(await grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' })).toMatchObject({ state: 'succeeded' });
  });
});
