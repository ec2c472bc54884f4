import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendAuditEvent, listAuditAttempts, verifyAuditChain } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveAuditTrail } from './retention.ts';

const day = (d: number, minute = 0) => new Date(Date.UTC(2026, 0, d, 12, minute));

describe.each(testDatabases())('the audit retention archive on $name', (target) => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await target.open();
    dir = await mkdtemp(path.join(tmpdir(), 'audit-archive-'));
    for (const d of [1, 2, 3]) {
      for (let i = 0; i < 4; i++) {
        await appendAuditEvent(db.prisma, { at: day(d, i), user: 'oscar', groups: [], sourceAddress: null, action: 'auth.signIn', target: 'oscar', parameters: {}, reason: null, outcome: 'succeeded', correlationId: `c-${d}-${i}` });
      }
    }
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('archives the old events to a file with its checksum, then removes them, keeping one intact chain', async () => {
    const archive = await archiveAuditTrail(db.prisma, { before: day(3), archiveDir: dir, now: day(30) });
    expect(archive).toMatchObject({ firstSeq: 1n, lastSeq: 8n, eventCount: 8, fileName: 'audit-000000000001-000000000008.jsonl' });
    const text = await readFile(path.join(dir, archive!.fileName), 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: string; prevHash: string; hash: string; correlationId: string });
    expect(lines.map((l) => l.seq)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prevHash).toBe(lines[i - 1]!.hash);
    expect(createHash('sha256').update(text).digest('hex')).toBe(archive!.fileSha256);
    expect(await readFile(path.join(dir, `${archive!.fileName}.sha256`), 'utf8')).toBe(`${archive!.fileSha256}  ${archive!.fileName}\n`);

    expect(await db.prisma.auditEvent.count()).toBe(4);
    expect((await listAuditAttempts(db.prisma, { limit: 50, includeNoise: true })).items.map((a) => a.correlationId)).toEqual(['c-3-3', 'c-3-2', 'c-3-1', 'c-3-0']);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 4, archived: 8 });
  });

  it('has nothing to do until more events age', async () => {
    expect(await archiveAuditTrail(db.prisma, { before: day(3), archiveDir: dir, now: day(30) })).toBeNull();
  });

  it('still refuses to delete an event no archive holds', async () => {
    await expect(db.prisma.$executeRawUnsafe('DELETE FROM audit_event WHERE seq = 9')).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(db.prisma.$executeRawUnsafe('DELETE FROM audit_archive')).rejects.toThrow(/audit_archive is append-only/);
  });

  it('continues the chain in the next archive', async () => {
    const next = await archiveAuditTrail(db.prisma, { before: day(4), archiveDir: dir, now: day(31) });
    expect(next).toMatchObject({ firstSeq: 9n, lastSeq: 12n, eventCount: 4 });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 0, archived: 12 });
    await appendAuditEvent(db.prisma, { at: day(5), user: null, groups: [], sourceAddress: null, action: 'auth.signOut', target: null, parameters: {}, reason: null, outcome: 'denied', correlationId: 'after' });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true, checked: 1 });
  });
});
