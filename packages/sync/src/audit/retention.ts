import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { AuditRetentionConfig } from '@fleet/core';
import { type AuditArchive, type AuditEvent, archivableRange, archiveBatches, commitAuditArchive, type PrismaClient } from '@fleet/db';
import type { SyncJob } from '../job.ts';

/** One archived event as a line of JSON: every column, the chain's links included, numbers as text where JSON would round them. */
function archiveLine(event: AuditEvent): string {
  return `${JSON.stringify({ ...event, seq: String(event.seq), at: event.at.toISOString() })}\n`;
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves the events recorded before `before` out of the table into a JSON Lines file beside its
 * SHA-256 (`sha256sum -c` checks it): the file is written and synced to disk first, then one
 * transaction records the archive and deletes the events, which the append-only trigger allows
 * for archived events only. A failure before the commit leaves the table as it was.
 */
export async function archiveAuditTrail(prisma: PrismaClient, input: { before: Date; archiveDir: string; now: Date }): Promise<AuditArchive | null> {
  const range = await archivableRange(prisma, input.before);
  if (!range) return null;
  await mkdir(input.archiveDir, { recursive: true });
  const fileName = `audit-${String(range.firstSeq).padStart(12, '0')}-${String(range.lastSeq).padStart(12, '0')}.jsonl`;
  const file = path.join(input.archiveDir, fileName);
  const digest = createHash('sha256');
  const out = createWriteStream(file, { flags: 'wx' });
  let eventCount = 0;
  try {
    for await (const batch of archiveBatches(prisma, range)) {
      const text = batch.map(archiveLine).join('');
      digest.update(text);
      eventCount += batch.length;
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end();
    await finished(out);
    await fsyncFile(file);
    const fileSha256 = digest.digest('hex');
    await writeFile(`${file}.sha256`, `${fileSha256}  ${fileName}\n`, { flag: 'wx' });
    return await commitAuditArchive(prisma, { id: randomUUID(), archivedAt: input.now, before: input.before, ...range, eventCount, fileName, fileSha256 });
  } catch (error) {
    out.destroy();
    // Nothing left the table: the half-written file would only mislead whoever reads the folder.
    await rm(file, { force: true });
    await rm(`${file}.sha256`, { force: true });
    throw error;
  }
}

/** The retention job: events older than `keep` go to `archiveDir`, checked every `every`. */
export function auditRetentionJob(retention: AuditRetentionConfig): SyncJob {
  return {
    key: 'audit.retention',
    kind: 'audit.retention',
    intervalMs: retention.every,
    async run({ prisma, now }) {
      const at = now();
      const archive = await archiveAuditTrail(prisma, { before: new Date(at.getTime() - retention.keep), archiveDir: retention.archiveDir, now: at });
      return { itemCount: archive?.eventCount ?? 0 };
    },
  };
}
