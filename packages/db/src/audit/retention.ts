import type { AuditArchive, AuditEvent, PrismaClient } from '../generated/prisma/client.ts';
import { GENESIS_HASH } from './chain.ts';

/** The events an archive takes: a run at the start of the chain, so what stays is still one chain. */
export interface ArchiveRange {
  firstSeq: bigint;
  lastSeq: bigint;
  /** The link the first of them hangs from. */
  prevHash: string;
  /** The last of them's hash: the link the first event left in the table hangs from. */
  lastHash: string;
}

/**
 * The events recorded before `before` that no archive holds yet: from just after the last archive
 * up to the first event at or after `before`. Null when there is none.
 */
export async function archivableRange(prisma: PrismaClient, before: Date): Promise<ArchiveRange | null> {
  const lastArchive = await prisma.auditArchive.findFirst({ orderBy: { lastSeq: 'desc' } });
  const from = (lastArchive?.lastSeq ?? 0n) + 1n;
  const firstKept = await prisma.auditEvent.findFirst({ where: { seq: { gte: from }, at: { gte: before } }, orderBy: { seq: 'asc' }, select: { seq: true } });
  const last = await prisma.auditEvent.findFirst({
    where: { seq: { gte: from, ...(firstKept?.seq ? { lt: firstKept.seq } : {}) } },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  if (!last?.seq || !last.hash) return null;
  const first = await prisma.auditEvent.findFirst({ where: { seq: { gte: from } }, orderBy: { seq: 'asc' }, select: { seq: true, prevHash: true } });
  return { firstSeq: first?.seq ?? from, lastSeq: last.seq, prevHash: first?.prevHash ?? lastArchive?.lastHash ?? GENESIS_HASH, lastHash: last.hash };
}

/** The range's events in chain order, a batch at a time, so an archive of millions stays in bounded memory. */
export async function* archiveBatches(prisma: PrismaClient, range: ArchiveRange, batchSize = 2_000): AsyncGenerator<AuditEvent[]> {
  let next = range.firstSeq;
  while (next <= range.lastSeq) {
    const batch = await prisma.auditEvent.findMany({ where: { seq: { gte: next, lte: range.lastSeq } }, orderBy: { seq: 'asc' }, take: batchSize });
    if (batch.length === 0) return;
    yield batch;
    next = (batch.at(-1)!.seq ?? range.lastSeq) + 1n;
  }
}

export interface NewAuditArchive extends ArchiveRange {
  id: string;
  archivedAt: Date;
  before: Date;
  eventCount: number;
  fileName: string;
  fileSha256: string;
}

/**
 * Records the archive and removes its events, in one transaction: the archive row is what lets
 * the append-only trigger allow the deletion, and attempts whose every event left go with them.
 */
export async function commitAuditArchive(prisma: PrismaClient, archive: NewAuditArchive): Promise<AuditArchive> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.auditArchive.create({ data: archive });
    await tx.auditAttempt.deleteMany({ where: { lastSeq: { lte: archive.lastSeq } } });
    const { count } = await tx.auditEvent.deleteMany({ where: { seq: { gte: archive.firstSeq, lte: archive.lastSeq } } });
    if (count !== archive.eventCount) throw new Error(`the archive holds ${archive.eventCount} events but ${count} were in the table; nothing was removed`);
    return row;
  });
}

export async function listAuditArchives(prisma: PrismaClient): Promise<AuditArchive[]> {
  return prisma.auditArchive.findMany({ orderBy: { firstSeq: 'asc' } });
}
