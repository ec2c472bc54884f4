import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { type SyncJob, syncJobsFor, SyncScheduler, type SyncOutcome } from '@fleet/sync';
import { reconcileActionsJob } from './reconcile-actions.ts';

export interface WorkerOptions {
  prisma: PrismaClient;
  config: FleetConfig;
  jobs?: SyncJob[];
  log?: (line: string) => void;
}

/**
 * The sync loops of one worker process (or of the embedded portal, in-process): every source the
 * config names, the followers of long-running work, and the reconciler of unfinished actions.
 */
export function startWorker(options: WorkerOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const scheduler = new SyncScheduler(
    { prisma: options.prisma, config: options.config, now: () => new Date() },
    options.jobs ?? [...syncJobsFor(options.config), reconcileActionsJob()],
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
