import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import type { SyncJob } from './sync/job.ts';
import { syncJobsFor } from './sync/jobs.ts';
import { SyncScheduler, type SyncOutcome } from './sync/scheduler.ts';

export interface WorkerOptions {
  prisma: PrismaClient;
  config: FleetConfig;
  jobs?: SyncJob[];
  log?: (line: string) => void;
}

/** The sync loops of one worker process (or of the embedded portal, in-process). */
export function startWorker(options: WorkerOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const scheduler = new SyncScheduler(
    { prisma: options.prisma, config: options.config, now: () => new Date() },
    options.jobs ?? syncJobsFor(options.config),
    { onOutcome: (outcome: SyncOutcome) => log(describe(outcome)) },
  );
  scheduler.start();
  return scheduler;
}

function describe(outcome: SyncOutcome): string {
  if (!outcome.ok) return `sync ${outcome.key} failed (${outcome.errorCode}): ${outcome.errorMessage}`;
  const warned = outcome.warnings?.length ? `; warnings: ${outcome.warnings.join('; ')}` : '';
  return `sync ${outcome.key}: ${outcome.itemCount} items in ${outcome.durationMs} ms${warned}`;
}
