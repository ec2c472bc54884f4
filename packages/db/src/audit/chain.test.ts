import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../database.ts';
import { appendAuditEvent, type NewAuditEvent } from '../audit-trail.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '../testing/index.ts';
import { verifyAuditChain } from './chain.ts';

const event = (i: number, extra: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  at: new Date(Date.UTC(2026, 11, 1, 10, 0, i)),
  user: 'oscar',
  groups: ['sre'],
  sourceAddress: '192.0.2.10',
  action: 'asg.refresh.start',
  target: `pool-${i}`,
  parameters: { preferences: { minHealthyPercentage: 90 } },
  reason: `rolling the new AMI out, take ${i}`,
  outcome: 'allowed',
  correlationId: `c-${i}`,
  ...extra,
});

/** What only someone with the database's owner rights could do: step past the append-only trigger. */
async function tamper(db: TestDatabase, sql: string) {
  await db.prisma.$executeRawUnsafe('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
  await db.prisma.$executeRawUnsafe(sql);
  await db.prisma.$executeRawUnsafe('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
}

describe.each(testDatabases())('the audit hash chain on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('links every event to the one before, and verifies intact', async () => {
    for (let i = 1; i <= 5; i++) await appendAuditEvent(db.prisma, event(i));
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 5, firstBroken: null, head: { seq: 5n, hash: rows[4]!.hash } });
  });

  it('keeps one chain when many writers append at once', async () => {
    if (target.name === 'pglite') return; // one session: nothing runs at once there
    const writers = Array.from({ length: 4 }, () => createDatabase(db.url, { maxConnections: 4 }));
    try {
      await Promise.all(writers.flatMap((w, k) => Array.from({ length: 10 }, (_, i) => appendAuditEvent(w.prisma, event(100 + k * 10 + i)))));
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 45 });
  });

  it('names the first event changed behind the trigger’s back', async () => {
    const third = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    await tamper(db, `UPDATE audit_event SET reason = 'nothing to see here' WHERE seq = 3`);
    const verdict = await verifyAuditChain(db.prisma);
    expect(verdict).toMatchObject({ intact: false, checked: 2, firstBroken: { seq: 3n, eventId: third.id, problem: 'changed' } });
    expect(verdict.firstBroken?.message).toBe(`event #3 (${third.id}) was changed after it was recorded: its content no longer gives its hash`);
    await tamper(db, `UPDATE audit_event SET reason = ${`'${third.reason}'`} WHERE seq = 3`);
    expect((await verifyAuditChain(db.prisma)).intact).toBe(true);
  });

  it('names a removed event and a cut-off tail', async () => {
    await tamper(db, 'DELETE FROM audit_event WHERE seq = 4');
    expect((await verifyAuditChain(db.prisma)).firstBroken).toMatchObject({ seq: 4n, problem: 'missing', message: 'event #4 is missing: the chain goes from #3 to #5' });
    const last = await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    await tamper(db, `DELETE FROM audit_event WHERE seq >= 4`);
    expect((await verifyAuditChain(db.prisma)).firstBroken).toMatchObject({ seq: 4n, problem: 'head-mismatch' });
    expect(last.seq).toBeGreaterThan(4n);
  });

  it('refuses to change or delete an event for everyone who has not stepped past the trigger', async () => {
    await expect(db.prisma.$executeRawUnsafe(`UPDATE audit_event SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/append-only: DELETE is refused/);
  });
});
