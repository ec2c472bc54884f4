import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishJournalEntry, findTargetHolder, moveJournalEntry, type NewJournalEntry, openJournalEntry } from './action-journal.ts';
import { claimForReconciliation, leaseFor, listAbandonedActions, postponeReconciliation, renewActionLease } from './action-lease.ts';
import { appendAuditEvent, listAuditEvents } from './audit-trail.ts';
import { createSession, deleteExpiredSessions, findLiveSession } from './sessions.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from './testing/index.ts';

const t0 = new Date('2026-11-28T12:00:00Z');

function request(target: string, overrides: Partial<NewJournalEntry> = {}): NewJournalEntry {
  return {
    id: randomUUID(),
    action: 'test.touch',
    targetKind: 'pool',
    target,
    parameters: { n: 1 },
    requestedBy: 'oscar',
    reason: 'testing the journal',
    idempotencyKey: randomUUID(),
    state: 'queued',
    createdAt: t0,
    correlationId: randomUUID(),
    previewFingerprint: 'fp',
    previewSummary: 'touch the pool',
    ...overrides,
  };
}

function auditEvent(n: number) {
  return {
    at: new Date(t0.getTime() + n * 1000),
    user: n % 2 ? 'ada' : null,
    groups: ['sre'],
    sourceAddress: '127.0.0.1',
    action: n % 3 ? 'test.touch' : 'auth.signIn',
    target: 'pool-a',
    parameters: { n },
    reason: null,
    outcome: 'denied' as const,
    correlationId: randomUUID(),
  };
}

describe.each(testDatabases())('the guard’s tables on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('refuse to update, delete or truncate an audit event', async () => {
    const event = await appendAuditEvent(db.prisma, auditEvent(1));
    await expect(db.prisma.auditEvent.update({ where: { id: event.id }, data: { outcome: 'allowed' } })).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(db.prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE audit_event')).rejects.toThrow(/append-only: TRUNCATE is refused/);
    expect(await db.prisma.auditEvent.findUnique({ where: { id: event.id } })).toMatchObject({ outcome: 'denied' });
  });

  it('refuse an outcome outside the closed set', async () => {
    await expect(appendAuditEvent(db.prisma, { ...auditEvent(2), outcome: 'maybe' as 'denied' })).rejects.toThrow(/audit_event_outcome_check/);
  });

  it('page audit events newest first with a cursor, filtered', async () => {
    for (let n = 10; n < 20; n += 1) await appendAuditEvent(db.prisma, auditEvent(n));
    const first = await listAuditEvents(db.prisma, { action: 'test.touch', limit: 3 });
    expect(first.items.map((e) => (e.parameters as { n: number }).n)).toEqual([19, 17, 16]);
    const second = await listAuditEvents(db.prisma, { action: 'test.touch', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((e) => (e.parameters as { n: number }).n)).toEqual([14, 13, 11]);
    const adaOnly = await listAuditEvents(db.prisma, { user: 'ada', limit: 100 });
    expect(adaOnly.items.every((e) => e.user === 'ada')).toBe(true);
    await expect(listAuditEvents(db.prisma, { limit: 3, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'invalid-cursor' });
  });

  it('let exactly one of many concurrent requests for one target in', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => openJournalEntry(db.prisma, request('pool-race'))));
    expect(results.filter((r) => r.kind === 'opened')).toHaveLength(1);
    const winner = results.find((r) => r.kind === 'opened')!;
    expect(results.filter((r) => r.kind === 'busy').map((r) => (r.kind === 'busy' ? r.holder.id : ''))).toEqual(Array(5).fill(winner.entry.id));
    expect(await db.prisma.actionJournal.count({ where: { target: 'pool-race' } })).toBe(1);
  });

  it('answer a repeated idempotency key with the first row, even while it holds the target', async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([openJournalEntry(db.prisma, request('pool-idem', { idempotencyKey: key })), openJournalEntry(db.prisma, request('pool-idem', { idempotencyKey: key }))]);
    expect([a.kind, b.kind].sort()).toEqual(['opened', 'replay']);
    expect(a.kind !== 'busy' && b.kind !== 'busy' && a.entry.id === b.entry.id).toBe(true);
  });

  it('free the target when the action finishes, and only once', async () => {
    const opened = await openJournalEntry(db.prisma, request('pool-free'));
    if (opened.kind !== 'opened') throw new Error('expected the lock');
    await moveJournalEntry(db.prisma, opened.entry.id, ['queued'], 'running', t0);
    const finished = await finishJournalEntry(db.prisma, opened.entry.id, ['running'], { state: 'succeeded', at: t0, result: { ok: true } });
    expect(finished).toMatchObject({ state: 'succeeded', result: { ok: true }, finishedAt: t0 });
    expect(await finishJournalEntry(db.prisma, opened.entry.id, ['running'], { state: 'failed', at: t0 })).toBeNull();
    expect(await findTargetHolder(db.prisma, 'pool', 'pool-free')).toBeNull();
    expect((await openJournalEntry(db.prisma, request('pool-free'))).kind).toBe('opened');
  });

  it('keep state and finished_at in step in the database itself', async () => {
    const opened = await openJournalEntry(db.prisma, request('pool-check'));
    if (opened.kind !== 'opened') throw new Error('expected the lock');
    await expect(db.prisma.actionJournal.update({ where: { id: opened.entry.id }, data: { state: 'succeeded' } })).rejects.toThrow(/action_journal_finished_check/);
  });

  it('give an abandoned row to one reconciler only', async () => {
    const opened = await openJournalEntry(db.prisma, request('pool-stale', { lease: leaseFor('portal-1', t0) }));
    if (opened.kind !== 'opened') throw new Error('expected the lock');
    const running = (await moveJournalEntry(db.prisma, opened.entry.id, ['queued'], 'running', t0))!;
    const later = new Date(t0.getTime() + 60_000);
    const claims = await Promise.all([
      claimForReconciliation(db.prisma, running, leaseFor('reconciler-1', later), later),
      claimForReconciliation(db.prisma, running, leaseFor('reconciler-2', later), later),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('take a row for abandoned only once its lease ran out, and not while its owner renews it', async () => {
    const opened = await openJournalEntry(db.prisma, request('pool-lease', { lease: leaseFor('portal-2', t0) }));
    if (opened.kind !== 'opened') throw new Error('expected the lock');
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(ids(await listAbandonedActions(db.prisma, at(5_000)))).not.toContain(opened.entry.id);
    expect(ids(await listAbandonedActions(db.prisma, at(11_000)))).toContain(opened.entry.id);
    expect(await renewActionLease(db.prisma, opened.entry.id, leaseFor('someone-else', at(9_000)))).toBe(false);
    expect(await renewActionLease(db.prisma, opened.entry.id, leaseFor('portal-2', at(9_000)))).toBe(true);
    expect(ids(await listAbandonedActions(db.prisma, at(11_000)))).not.toContain(opened.entry.id);
    expect(ids(await listAbandonedActions(db.prisma, at(20_000)))).toContain(opened.entry.id);
  });

  it('leave a row the source could not settle alone until it is due for another look', async () => {
    const opened = await openJournalEntry(db.prisma, request('pool-unknown', { lease: leaseFor('portal-3', t0) }));
    if (opened.kind !== 'opened') throw new Error('expected the lock');
    const claimed = (await claimForReconciliation(db.prisma, opened.entry, leaseFor('reconciler-3', t0), t0))!;
    await postponeReconciliation(db.prisma, claimed.id, 'reconciler-3', new Date(t0.getTime() + 60_000));
    expect((await listAbandonedActions(db.prisma, new Date(t0.getTime() + 30_000))).map((r) => r.id)).not.toContain(claimed.id);
    expect((await listAbandonedActions(db.prisma, new Date(t0.getTime() + 61_000))).map((r) => r.id)).toContain(claimed.id);
  });

  it('find a session only until it expires', async () => {
    await createSession(db.prisma, { id: 'h1', user: 'ada', groups: ['sre-admins'], createdAt: t0, expiresAt: new Date(t0.getTime() + 1000) });
    expect(await findLiveSession(db.prisma, 'h1', t0)).toMatchObject({ user: 'ada', groups: ['sre-admins'] });
    expect(await findLiveSession(db.prisma, 'h1', new Date(t0.getTime() + 1000))).toBeNull();
    expect(await deleteExpiredSessions(db.prisma, new Date(t0.getTime() + 1000))).toBe(1);
  });
});
