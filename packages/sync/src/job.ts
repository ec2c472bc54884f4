import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';

export interface SyncContext {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
}

export interface SyncResult {
  itemCount: number;
  /** When to run next, if not after the usual interval: sooner while something is changing. */
  nextIntervalMs?: number;
  /** What the source said was missing from an answer that otherwise worked; shown with the source. */
  warnings?: string[];
}

/** One sync loop: one resource kind of one source (and account and region, for AWS). */
export interface SyncJob {
  key: string;
  kind: string;
  accountId?: string;
  region?: string;
  intervalMs: number;
  run(context: SyncContext): Promise<SyncResult>;
}
