/** How current one sync source's data is, as the pages and /healthz report it. */
export type FreshnessState = 'fresh' | 'stale' | 'failing' | 'never-synced';

export interface SyncSourceRecord {
  key: string;
  kind: string;
  accountId: string | null;
  region: string | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
  /** What the last good sync said was missing from its answer. */
  lastWarnings?: string[];
}

export interface Freshness {
  state: FreshnessState;
  /** Milliseconds since the last good sync; null when there never was one. */
  ageMs: number | null;
}

/**
 * A source is failing while its latest attempt failed, and stale once its last good data is older
 * than three intervals (one missed sync is normal jitter, three is not).
 */
export function freshnessOf(source: SyncSourceRecord, intervalMs: number, now: Date): Freshness {
  const ageMs = source.lastSuccessAt ? now.getTime() - source.lastSuccessAt.getTime() : null;
  const lastFailed =
    source.consecutiveFailures > 0 &&
    source.lastErrorAt !== null &&
    (source.lastSuccessAt === null || source.lastErrorAt >= source.lastSuccessAt);
  if (lastFailed) return { state: 'failing', ageMs };
  if (ageMs === null) return { state: 'never-synced', ageMs };
  return { state: ageMs > intervalMs * 3 ? 'stale' : 'fresh', ageMs };
}

/**
 * When a row a sync keeps was last seen. The AWS syncs write a row only when it changes, so a row
 * still live (not gone, not deregistered) was in its source's last complete listing, whenever
 * that was; a row no longer live was last seen when it was last written.
 */
export function lastSeenOf(writtenAt: Date, live: boolean, listedAt: Date | null): Date {
  return live && listedAt && listedAt > writtenAt ? listedAt : writtenAt;
}
