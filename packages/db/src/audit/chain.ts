import type { PrismaClient } from '../generated/prisma/client.ts';

/** The hash the first event hangs from. */
export const GENESIS_HASH = '0'.repeat(64);
const BATCH = 5_000;

export interface BrokenLink {
  /** The first event whose link does not hold (or the first missing one). */
  seq: bigint;
  eventId: string | null;
  problem: 'missing' | 'changed' | 'unlinked' | 'head-mismatch' | 'archive-gap';
  message: string;
}

export interface ChainVerdict {
  intact: boolean;
  /** Events whose hashes were recomputed. */
  checked: number;
  /** Events that left for archives, whose links were checked through the archive rows. */
  archived: number;
  head: { seq: bigint; hash: string };
  firstBroken: BrokenLink | null;
}

interface LinkRow {
  seq: bigint;
  id: string;
  prev_hash: string;
  hash: string;
  recomputed: string;
}

/** Where the live events must start: after the archives, which must follow each other without a gap. */
async function archivedPrefix(prisma: PrismaClient): Promise<{ seq: bigint; hash: string; count: number; broken: BrokenLink | null }> {
  const archives = await prisma.auditArchive.findMany({ orderBy: { firstSeq: 'asc' } });
  let seq = 0n;
  let hash = GENESIS_HASH;
  let count = 0;
  for (const archive of archives) {
    if (archive.firstSeq !== seq + 1n || archive.prevHash !== hash) {
      return {
        seq,
        hash,
        count,
        broken: { seq: seq + 1n, eventId: null, problem: 'archive-gap', message: `archive ${archive.fileName} starts at event #${archive.firstSeq}, but the chain expects #${seq + 1n} after ${hash.slice(0, 12)}…` },
      };
    }
    seq = archive.lastSeq;
    hash = archive.lastHash;
    count += archive.eventCount;
  }
  return { seq, hash, count, broken: null };
}

/**
 * Walks the whole chain in the order it was written, recomputing every event's hash in the
 * database, and names the first link that does not hold: an event changed after it was recorded,
 * one removed or moved, or a tail cut off (the chain head remembers where the chain ended).
 */
export async function verifyAuditChain(prisma: PrismaClient): Promise<ChainVerdict> {
  const headRow = await prisma.auditChainHead.findUnique({ where: { id: 1 } });
  const head = { seq: headRow?.seq ?? 0n, hash: headRow?.hash ?? GENESIS_HASH };
  const prefix = await archivedPrefix(prisma);
  const verdict = (checked: number, firstBroken: BrokenLink | null): ChainVerdict => ({ intact: firstBroken === null, checked, archived: prefix.count, head, firstBroken });
  if (prefix.broken) return verdict(0, prefix.broken);

  let expectedSeq = prefix.seq + 1n;
  let previous = prefix.hash;
  let checked = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<LinkRow[]>`
      SELECT e.seq, e.id, e.prev_hash, e.hash, audit_event_link_hash(e.prev_hash, e) AS recomputed
        FROM audit_event e WHERE e.seq >= ${expectedSeq} ORDER BY e.seq LIMIT ${BATCH}`;
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return verdict(checked, { seq: expectedSeq, eventId: null, problem: 'missing', message: `event #${expectedSeq} is missing: the chain goes from #${expectedSeq - 1n} to #${row.seq}` });
      }
      if (row.prev_hash !== previous) {
        return verdict(checked, { seq: row.seq, eventId: row.id, problem: 'unlinked', message: `event #${row.seq} (${row.id}) does not follow #${row.seq - 1n}: it names ${row.prev_hash.slice(0, 12)}… as the previous hash, which is ${previous.slice(0, 12)}…` });
      }
      if (row.recomputed !== row.hash) {
        return verdict(checked, { seq: row.seq, eventId: row.id, problem: 'changed', message: `event #${row.seq} (${row.id}) was changed after it was recorded: its content no longer gives its hash` });
      }
      previous = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
    if (rows.length < BATCH) break;
  }
  const last = expectedSeq - 1n;
  if (last !== head.seq || previous !== head.hash) {
    return verdict(checked, { seq: last + 1n, eventId: null, problem: 'head-mismatch', message: `the chain ends at event #${last}, but its head says #${head.seq} was written: events after #${last} are missing` });
  }
  return verdict(checked, null);
}
