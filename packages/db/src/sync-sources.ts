import type { AwsCallCount, AwsPacing } from '@fleet/core';
import type { Prisma, SyncSource } from './generated/prisma/client.ts';
import type { InputJsonValue } from './generated/prisma/internal/prismaNamespace.ts';

/** A PrismaClient or the client of an interactive transaction. */
export type DbClient = Prisma.TransactionClient;

interface SyncSourceIdentity {
  /** One source: a resource kind in one account and region, e.g. `ec2-images:123456789012:eu-west-1`. */
  key: string;
  kind: string;
  accountId?: string | null;
  region?: string | null;
}

/** What a run spent of AWS's request buckets, and the interval the source runs at after it. */
interface SyncCost {
  calls?: readonly AwsCallCount[];
  pacing?: readonly AwsPacing[];
  intervalMs?: number;
}

export interface SyncSuccess extends SyncSourceIdentity, SyncCost {
  durationMs: number;
  itemCount: number;
  at: Date;
  /** What the source said was missing from its answer; none clears the last ones. */
  warnings?: readonly string[];
}

/** Enough to act on, and never a whole page of text per source. */
export const MAX_SYNC_WARNINGS = 10;
const MAX_WARNING_LENGTH = 500;

function keptWarnings(warnings: readonly string[] = []): string[] {
  const distinct = [...new Set(warnings)];
  const kept = distinct.slice(0, MAX_SYNC_WARNINGS).map((w) => (w.length > MAX_WARNING_LENGTH ? `${w.slice(0, MAX_WARNING_LENGTH - 1)}…` : w));
  return distinct.length > kept.length ? [...kept, `and ${distinct.length - kept.length} more`] : kept;
}

export interface SyncFailure extends SyncSourceIdentity, SyncCost {
  durationMs: number;
  errorCode: string;
  errorMessage: string;
  at: Date;
}

export async function recordSyncSuccess(prisma: DbClient, success: SyncSuccess): Promise<SyncSource> {
  const outcome = {
    ...identity(success),
    lastAttemptAt: success.at,
    lastSuccessAt: success.at,
    lastDurationMs: wholeMs(success.durationMs),
    lastItemCount: success.itemCount,
    lastWarnings: keptWarnings(success.warnings),
    consecutiveFailures: 0,
    ...costOf(success),
  };
  // The last error stays: with lastSuccessAt after lastErrorAt it reads "recovered", and the
  // overview can still say what went wrong last time.
  return prisma.syncSource.upsert({ where: { key: success.key }, create: outcome, update: outcome });
}

/** Keeps lastSuccessAt and lastItemCount, so the page can say how old the data it shows is. */
export async function recordSyncFailure(prisma: DbClient, failure: SyncFailure): Promise<SyncSource> {
  const outcome = {
    ...identity(failure),
    lastAttemptAt: failure.at,
    lastDurationMs: wholeMs(failure.durationMs),
    lastErrorCode: failure.errorCode,
    lastErrorMessage: failure.errorMessage,
    lastErrorAt: failure.at,
    ...costOf(failure),
  };
  return prisma.syncSource.upsert({
    where: { key: failure.key },
    create: { ...outcome, consecutiveFailures: 1 },
    // An atomic increment, so two writers for one source never lose a failure.
    update: { ...outcome, consecutiveFailures: { increment: 1 } },
  });
}

export async function listSyncSources(prisma: DbClient): Promise<SyncSource[]> {
  return prisma.syncSource.findMany({ orderBy: { key: 'asc' } });
}

/**
 * When a source last read its whole listing: rows it still shows were in that listing, so a page
 * may say they were seen then without the sync writing every row on every pass.
 */
export async function lastSuccessOf(prisma: DbClient, source: { kind: string; accountId: string; region: string }): Promise<Date | null> {
  const row = await prisma.syncSource.findFirst({
    where: { kind: source.kind, accountId: source.accountId, region: source.region },
    orderBy: { lastSuccessAt: { sort: 'desc', nulls: 'last' } },
    select: { lastSuccessAt: true },
  });
  return row?.lastSuccessAt ?? null;
}

/** Figures a caller does not give (a run recorded outside the scheduler) are left as they were. */
function costOf(cost: SyncCost) {
  return {
    ...(cost.calls && { lastCalls: cost.calls as unknown as InputJsonValue }),
    ...(cost.pacing && { lastPacing: cost.pacing as unknown as InputJsonValue }),
    ...(cost.intervalMs !== undefined && { currentIntervalMs: Math.round(cost.intervalMs) }),
  };
}

function identity(source: SyncSourceIdentity) {
  return { key: source.key, kind: source.kind, accountId: source.accountId ?? null, region: source.region ?? null };
}

// Durations come from performance.now() differences, which are fractional; the column is an integer.
function wholeMs(durationMs: number): number {
  return Math.max(0, Math.round(durationMs));
}
