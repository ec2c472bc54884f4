import type { PrismaClient } from './generated/prisma/client.ts';

export interface SyncClaim {
  key: string;
  kind: string;
  accountId: string | null;
  region: string | null;
  owner: string;
  leaseMs: number;
  /** Skip when any replica attempted this source more recently than this; 0 forces a run. */
  notAttemptedWithinMs: number;
}

/**
 * Takes the lease on a sync source for one run, so that of several worker replicas exactly one
 * syncs it. Returns false while another replica holds an unexpired lease or ran it recently; a
 * lease that ran out without being released was held by a run that died, so the source is run
 * again at once rather than a whole interval later. Times are UTC `timestamp` columns, as Prisma
 * writes them, whatever the session's time zone.
 */
export async function claimSyncSource(prisma: PrismaClient, claim: SyncClaim): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ key: string }[]>`
    INSERT INTO sync_source (key, kind, account_id, region, lease_owner, lease_until, last_attempt_at, consecutive_failures)
    VALUES (${claim.key}, ${claim.kind}, ${claim.accountId}, ${claim.region}, ${claim.owner},
            timezone('UTC', now()) + make_interval(secs => ${claim.leaseMs / 1000}), timezone('UTC', now()), 0)
    ON CONFLICT (key) DO UPDATE
      SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until, last_attempt_at = timezone('UTC', now()),
          kind = EXCLUDED.kind, account_id = EXCLUDED.account_id, region = EXCLUDED.region
      WHERE (sync_source.lease_until IS NULL OR sync_source.lease_until < timezone('UTC', now()))
        AND (sync_source.last_attempt_at IS NULL
             OR sync_source.lease_owner IS NOT NULL
             OR sync_source.last_attempt_at <= timezone('UTC', now()) - make_interval(secs => ${claim.notAttemptedWithinMs / 1000}))
    RETURNING key`;
  return rows.length === 1;
}

/**
 * How long another run's lease on the source still lasts, by the database's clock; null when no
 * lease is live (the source was refused because it ran recently).
 */
export async function syncLeaseRemainingMs(prisma: PrismaClient, key: string): Promise<number | null> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`
    SELECT (EXTRACT(EPOCH FROM lease_until - timezone('UTC', now())) * 1000)::float8 AS ms
      FROM sync_source WHERE key = ${key} AND lease_until > timezone('UTC', now())`;
  return row ? Math.ceil(row.ms) : null;
}

/** Extends a lease its owner still holds, while its run goes on; false when the lease was lost. */
export async function renewSyncSource(prisma: PrismaClient, key: string, owner: string, leaseMs: number): Promise<boolean> {
  const renewed = await prisma.$executeRaw`
    UPDATE sync_source SET lease_until = timezone('UTC', now()) + make_interval(secs => ${leaseMs / 1000})
     WHERE key = ${key} AND lease_owner = ${owner}`;
  return renewed === 1;
}

export async function releaseSyncSource(prisma: PrismaClient, key: string, owner: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE sync_source SET lease_owner = NULL, lease_until = NULL WHERE key = ${key} AND lease_owner = ${owner}`;
}

/**
 * Asks the worker to run a source at once, for an action that just changed it (a bake queued): the
 * request is a row in Postgres, so it reaches whichever process runs the worker.
 */
export async function requestSync(prisma: PrismaClient, key: string, kind: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO sync_source (key, kind, requested_at, consecutive_failures) VALUES (${key}, ${kind}, timezone('UTC', now()), 0)
    ON CONFLICT (key) DO UPDATE SET requested_at = timezone('UTC', now())`;
}

/** The sources asked for since they last ran. */
export async function listRequestedSyncs(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ key: string }[]>`
    SELECT key FROM sync_source WHERE requested_at IS NOT NULL AND (last_attempt_at IS NULL OR requested_at > last_attempt_at)`;
  return rows.map((row) => row.key);
}
