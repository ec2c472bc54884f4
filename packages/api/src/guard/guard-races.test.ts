import { randomUUID } from 'node:crypto';
import { ACTION_LEASE_MS, moveJournalEntry, openJournalEntry } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, signedIn, testActions, testConfig, touchRequest, type Caller } from '../test/harness.ts';
import { addPool, createTouchTables, touches } from '../test/touch-action.ts';
import { reconcileUnfinishedActions } from './reconcile.ts';

describe.each(testDatabases())('the guard under races and crashes on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();
  let oscar: Caller;
  let ada: Caller;

  beforeAll(async () => {
    db = await target.open();
    await createTouchTables(db.prisma);
    for (const pool of ['race', 'slow', 'idem', 'idem-late', 'idem-2', 'lost-1', 'lost-2', 'lost-3', 'unknowable-1', 'mid']) await addPool(db.prisma, pool);
    oscar = await signedIn(db.prisma, config, 'oscar');
    ada = await signedIn(db.prisma, config, 'ada');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('lets exactly one of two concurrent requests for one target proceed', async () => {
    const slow = { input: { delayMs: 300 } };
    const results = await Promise.allSettled([oscar.api.test.touch(touchRequest('race', 1, slow)), ada.api.test.touch(touchRequest('race', 1, slow))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('on race; wait for it to finish') });
    expect(await touches(db.prisma, 'race')).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { target: 'race', outcome: 'denied', errorCode: 'target-busy' } })).toBe(1);
  });

  it('does one thing for the same idempotency key sent twice at once, and answers both', async () => {
    const request = touchRequest('idem', 1, { input: { delayMs: 200 } });
    const [first, second] = await Promise.all([oscar.api.test.touch(request), oscar.api.test.touch(request)]);
    expect(first.journalId).toBe(second.journalId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await touches(db.prisma, 'idem')).toBe(1);
    const again = await oscar.api.test.touch(request);
    expect(again).toMatchObject({ replayed: true, state: 'succeeded', result: { touched: 'idem' } });
    expect(await touches(db.prisma, 'idem')).toBe(1);
  });

  it('answers a repeat that arrives while the first request holds the target with the first outcome, never "target busy"', async () => {
    // The repeat's first look finds no journal row yet; by its lock check the first request holds the target.
    const request = touchRequest('idem-late', 1, { input: { previewDelayMs: 1_500, delayMs: 2_500 } });
    const first = oscar.api.test.touch(request);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [a, b] = await Promise.all([first, oscar.api.test.touch(request)]);
    expect(b).toMatchObject({ journalId: a.journalId, replayed: true, state: 'succeeded', result: { touched: 'idem-late' } });
    expect(await touches(db.prisma, 'idem-late')).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { target: 'idem-late', outcome: 'denied' } })).toBe(0);
  });

  it('refuses someone else’s idempotency key', async () => {
    const request = touchRequest('idem-2');
    await oscar.api.test.touch(request);
    await expect(ada.api.test.touch(request)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('belongs to a different request') });
    expect(await touches(db.prisma, 'idem-2')).toBe(1);
  });

  it('settles an executor crash after the side effect by asking the source, not by running again', async () => {
    const outcome = await oscar.api.test.touch(touchRequest('mid', 1, { input: { mode: 'crash-after-effect' } }));
    expect(outcome).toMatchObject({ state: 'succeeded' });
    expect(await touches(db.prisma, 'mid')).toBe(1);
    const before = await oscar.api.test.touch(touchRequest('mid', 1, { input: { mode: 'crash-before-effect' } }));
    expect(before).toMatchObject({ state: 'failed', error: { code: 'reconciled-failed' } });
    expect(await touches(db.prisma, 'mid')).toBe(1);
  });

  async function leftBehind(pool: string, state: 'queued' | 'running', effectHappened: boolean) {
    const opened = await openJournalEntry(db.prisma, {
      id: randomUUID(),
      action: 'test.touch',
      targetKind: 'pool',
      target: pool,
      parameters: {},
      requestedBy: 'oscar',
      reason: 'the process died mid-action',
      idempotencyKey: randomUUID(),
      state: 'queued',
      createdAt: new Date(Date.now() - 60_000),
      correlationId: randomUUID(),
      previewFingerprint: `${pool}@1`,
      previewSummary: `touch ${pool}`,
    });
    if (opened.kind !== 'opened') throw new Error('expected a new row');
    if (state === 'running') await moveJournalEntry(db.prisma, opened.entry.id, ['queued'], 'running', new Date(Date.now() - 60_000));
    if (effectHappened) await db.prisma.$executeRaw`INSERT INTO test_touch (journal_id, target) VALUES (${opened.entry.id}, ${pool})`;
    return opened.entry.id;
  }

  it('reconciles rows a dead process left, never executing any of them again', async () => {
    const didIt = await leftBehind('lost-1', 'running', true);
    const didNot = await leftBehind('lost-2', 'running', false);
    const neverStarted = await leftBehind('lost-3', 'queued', false);
    const cannotTell = await leftBehind('unknowable-1', 'running', false);
    const ctx = { prisma: db.prisma, config, now: () => new Date(), actions: testActions };

    const report = await reconcileUnfinishedActions(ctx);

    expect(Object.fromEntries(report.map((r) => [r.journalId, [r.from, r.to]]))).toEqual({
      [didIt]: ['running', 'succeeded'],
      [didNot]: ['running', 'failed'],
      [neverStarted]: ['queued', 'failed'],
      [cannotTell]: ['running', 'reconciling'],
    });
    expect([await touches(db.prisma, 'lost-1'), await touches(db.prisma, 'lost-2'), await touches(db.prisma, 'lost-3')]).toEqual([1, 0, 0]);
    expect(await db.prisma.actionJournal.findUnique({ where: { id: neverStarted } })).toMatchObject({ errorCode: 'not-started' });
    // The undecided one keeps its target: nothing else may start there until someone knows.
    await expect(oscar.api.test.touch(touchRequest('unknowable-1'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(oscar.api.test.touch(touchRequest('lost-2'))).resolves.toMatchObject({ state: 'succeeded' });
    const audit = await db.prisma.auditEvent.findMany({ where: { journalId: { in: [didIt, didNot, neverStarted, cannotTell] } } });
    expect(audit.map((e) => e.user)).toEqual(Array(4).fill('fleet-portal:reconciler'));
  });

  it('leaves an action alone while its live executor renews the lease, however long it runs', async () => {
    const slow = oscar.api.test.touch(touchRequest('slow', 1, { input: { delayMs: ACTION_LEASE_MS + 2_000 } }));
    await new Promise((resolve) => setTimeout(resolve, ACTION_LEASE_MS + 1_000));
    const report = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: () => new Date(), actions: testActions });
    expect(report.map((r) => r.target)).not.toContain('slow');
    expect(await slow).toMatchObject({ state: 'succeeded' });
    expect(await touches(db.prisma, 'slow')).toBe(1);
  }, 90_000);

  it('leaves rows alone while their process holds the lease', async () => {
    const live = await leftBehind('lost-3', 'running', false);
    await db.prisma.actionJournal.update({ where: { id: live }, data: { leaseOwner: 'a-live-portal', leaseUntil: new Date(Date.now() + 10_000) } });
    const report = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: () => new Date(), actions: testActions });
    expect(report.map((r) => r.journalId)).not.toContain(live);
  });

  it('is refused to anonymous callers even with a valid request', async () => {
    await expect(callerWith(db.prisma, config).api.test.touch(touchRequest('race'))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
