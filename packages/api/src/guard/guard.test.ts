import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, signedIn, testConfig, touchRequest, type Caller } from '../test/harness.ts';
import { addPool, createTouchTables, touches } from '../test/touch-action.ts';

describe.each(testDatabases())('the guard on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig({
    policies: [{ action: 'test.touch', target: 'prod-*', role: 'admin', fourEyes: true, coolDown: 3_600_000 }],
    freezeWindows: [{ name: 'release freeze', once: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2099-01-01T00:00:00Z') }, actions: ['test.*'], targets: ['frozen-*'] }],
  });
  let oscar: Caller;
  let alice: Caller;
  let ada: Caller;
  let grace: Caller;

  beforeAll(async () => {
    db = await target.open();
    await createTouchTables(db.prisma);
    for (const pool of ['pool-a', 'pool-b', 'pool-c', 'frozen-1', 'prod-1', 'prod-2', 'prod-3']) await addPool(db.prisma, pool);
    oscar = await signedIn(db.prisma, config, 'oscar');
    alice = await signedIn(db.prisma, config, 'alice');
    ada = await signedIn(db.prisma, config, 'ada');
    grace = await signedIn(db.prisma, config, 'grace');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  async function auditOf(correlationId: string) {
    return db.prisma.auditEvent.findMany({ where: { correlationId }, orderBy: { at: 'asc' } });
  }

  async function lastDenial(action = 'test.touch') {
    return db.prisma.auditEvent.findFirst({ where: { action, outcome: 'denied' }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
  }

  it('runs an operator’s confirmed action once, journaled and audited from request to result', async () => {
    const outcome = await oscar.api.test.touch(touchRequest('pool-a'));
    expect(outcome).toMatchObject({ state: 'succeeded', replayed: false, result: { touched: 'pool-a' }, error: null, previewSummary: 'touch pool-a at version 1' });
    expect(await touches(db.prisma, 'pool-a')).toBe(1);
    const events = await auditOf(outcome.correlationId);
    expect(events.map((e) => [e.outcome, e.user, e.journalId])).toEqual([
      ['allowed', 'oscar', outcome.journalId],
      ['succeeded', 'oscar', outcome.journalId],
    ]);
    expect(events[0]).toMatchObject({ action: 'test.touch', target: 'pool-a', reason: 'testing the guard end to end', sourceAddress: '192.0.2.10', groups: ['sre'] });
    expect(await db.prisma.targetLock.count()).toBe(0);
  });

  it('refuses someone not signed in, first of all, and audits it', async () => {
    const anonymous = callerWith(db.prisma, config);
    await expect(anonymous.api.test.touch(touchRequest('pool-b'))).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'sign in to act' });
    expect(await lastDenial()).toMatchObject({ user: null, target: 'pool-b', errorCode: 'not-signed-in' });
  });

  it('tells a viewer the role needed, before looking at the request', async () => {
    await expect(alice.api.test.touch({ nonsense: true } as never)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^operator role needed \(you are a viewer\)/),
    });
    expect(await lastDenial()).toMatchObject({ user: 'alice', errorCode: 'role-too-low' });
  });

  it('names the invalid field', async () => {
    await expect(oscar.api.test.touch(touchRequest('pool-b', 1, { input: { mode: 'sideways' } }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('mode: '),
    });
    expect(await lastDenial()).toMatchObject({ errorCode: 'invalid-input' });
  });

  it('refuses when what the user confirmed has changed since the preview', async () => {
    await addPool(db.prisma, 'pool-b', 2);
    await expect(oscar.api.test.touch(touchRequest('pool-b', 1))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'what was confirmed no longer holds; it would now: touch pool-b at version 2. Review the new preview and confirm again.',
    });
    expect(await touches(db.prisma, 'pool-b')).toBe(0);
  });

  it('wants the target’s name typed, then a reason', async () => {
    await expect(oscar.api.test.touch(touchRequest('pool-c', 1, { confirmation: 'pool' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'type the target’s name, pool-c, exactly to confirm' });
    await expect(oscar.api.test.touch(touchRequest('pool-c', 1, { reason: ' because ' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least 10 characters') });
    expect(await touches(db.prisma, 'pool-c')).toBe(0);
  });

  it('denies inside a freeze window and says until when and why', async () => {
    await expect(oscar.api.test.touch(touchRequest('frozen-1'))).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: "frozen until 2099-01-01 00:00 UTC by 'release freeze'",
    });
    expect(await lastDenial()).toMatchObject({ target: 'frozen-1', errorCode: 'frozen', errorMessage: "frozen until 2099-01-01 00:00 UTC by 'release freeze'" });
  });

  it('lets the buttons say why before anyone clicks', async () => {
    const forAlice = await alice.api.actions.checks({ action: 'test.touch', target: 'frozen-1' });
    expect(forAlice.checks.filter((c) => c.status === 'fail').map((c) => c.message)).toEqual([
      expect.stringMatching(/^operator role needed \(you are a viewer\)/),
      "frozen until 2099-01-01 00:00 UTC by 'release freeze'",
    ]);
  });

  it('keeps four-eyes requests waiting; the requester cannot approve, an operator is not enough, a second admin is', async () => {
    const requested = await ada.api.test.touch(touchRequest('prod-1'));
    expect(requested).toMatchObject({ state: 'pending-approval' });
    expect(await touches(db.prisma, 'prod-1')).toBe(0);

    await expect(ada.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'you requested this; another person must approve it' });
    await expect(oscar.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'admin role needed to approve (you are an operator); ask ada or grace (group sre-admins)' });
    const list = await grace.api.actions.list();
    expect(list.pendingApprovals.map((e) => [e.id, e.canApprove])).toEqual([[requested.journalId, true]]);

    const approved = await grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' });
    expect(approved).toMatchObject({ state: 'succeeded', journalId: requested.journalId });
    expect(await touches(db.prisma, 'prod-1')).toBe(1);
    const events = await auditOf(requested.correlationId);
    expect(events.map((e) => [e.user, e.action, e.outcome])).toEqual([
      ['ada', 'test.touch', 'pending-approval'],
      ['ada', 'actions.approve', 'denied'],
      ['oscar', 'actions.approve', 'denied'],
      ['grace', 'test.touch', 'approved'],
      ['grace', 'test.touch', 'succeeded'],
    ]);
    expect(await grace.api.actions.get({ journalId: requested.journalId })).toMatchObject({ requestedBy: 'ada', approvedBy: 'grace', state: 'succeeded' });
  });

  it('holds a target in cool-down after a success', async () => {
    await expect(ada.api.test.touch(touchRequest('prod-1'))).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^cooling down until .* \(60 min after the last successful run on this target\)$/) });
  });

  it('lets the requester withdraw a waiting request, which frees the target', async () => {
    const requested = await ada.api.test.touch(touchRequest('prod-2'));
    await expect(ada.api.test.touch(touchRequest('prod-2'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('awaits approval on prod-2') });
    const withdrawn = await ada.api.actions.reject({ journalId: requested.journalId, reason: 'wrong pool, sorry' });
    expect(withdrawn).toMatchObject({ state: 'cancelled', error: { code: 'withdrawn', message: 'withdrawn by ada: wrong pool, sorry' } });
    await expect(grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-2' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await touches(db.prisma, 'prod-2')).toBe(0);
    expect((await ada.api.test.touch(touchRequest('prod-2'))).state).toBe('pending-approval');
  });

  it('refuses an approval when the world changed since the request', async () => {
    const requested = await ada.api.test.touch(touchRequest('prod-3'));
    await addPool(db.prisma, 'prod-3', 5);
    await expect(grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-3' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('touch prod-3 at version 5. Reject this request; ada can request it again.'),
    });
    expect(await touches(db.prisma, 'prod-3')).toBe(0);
  });

  it('records a refusal by the source as failed and frees the target', async () => {
    const outcome = await oscar.api.test.touch(touchRequest('pool-c', 1, { input: { mode: 'refused' } }));
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'pool-refused', message: 'pool-c refused the touch' } });
    expect((await auditOf(outcome.correlationId)).map((e) => e.outcome)).toEqual(['allowed', 'failed']);
    expect(await db.prisma.targetLock.count({ where: { target: 'pool:pool-c' } })).toBe(0);
  });
});
