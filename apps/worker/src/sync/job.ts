import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';

export interface SyncContext {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
}

/** One sync loop: one resource kind of one source (and account and region, for AWS). */
export interface SyncJob {
  key: string;
  kind: string;
  accountId?: string;
  region?: string;
  intervalMs: number;
  run(context: SyncContext): Promise<{ itemCount: number }>;
}
