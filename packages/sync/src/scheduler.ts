import { randomUUID } from 'node:crypto';
import { AwsCallMeter } from '@fleet/aws';
import type { AwsCallCount } from '@fleet/core';
import { claimSyncSource, listRequestedSyncs, recordSyncFailure, recordSyncSuccess, releaseSyncSource, renewSyncSource, syncLeaseRemainingMs } from '@fleet/db';
import type { SyncContext, SyncJob } from './job.ts';

export interface SyncOutcome {
  key: string;
  ok: boolean;
  itemCount?: number;
  warnings?: string[];
  errorCode?: string;
  errorMessage?: string;
  durationMs: number;
  /** The AWS calls the run made, per account, region and API. */
  calls: AwsCallCount[];
}

export interface SchedulerOptions {
  /** Identifies this process in the lease; replicas must differ. */
  owner?: string;
  /**
   * A run whose lease is not renewed for this long is taken to have died with its process; a live
   * run renews it every third of it. Default {@link SYNC_LEASE_MS}.
   */
  leaseMs?: number;
  onOutcome?: (outcome: SyncOutcome) => void;
}

/**
 * Short, because a worker killed mid-sync keeps its sources until the lease runs out; renewed
 * while the run goes on, so a slow sync keeps its source however long it takes.
 */
export const SYNC_LEASE_MS = 15_000;

function errorCodeOf(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'error';
}

/**
 * Runs each sync job on its interval. Replicas coordinate through a lease on the job's row in
 * Postgres, and a job another replica ran within its interval is not run again.
 */
export class SyncScheduler {
  private readonly owner: string;
  private readonly nextDue = new Map<string, number>();
  private readonly interval = new Map<string, number>();
  private readonly running = new Map<string, Promise<SyncOutcome | null>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly context: SyncContext,
    private readonly jobs: SyncJob[],
    private readonly options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? `worker-${randomUUID()}`;
  }

  start(tickMs = 1000): void {
    if (this.timer) return;
    const tick = async () => {
      // An action that changed a source asked for it to run now (a bake queued, say).
      const requested = new Set(await listRequestedSyncs(this.context.prisma).catch(() => []));
      const now = Date.now();
      for (const job of this.jobs) {
        if (this.running.has(job.key)) continue;
        if (requested.has(job.key)) void this.run(job, true);
        else if ((this.nextDue.get(job.key) ?? 0) <= now) void this.run(job, false);
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), tickMs);
  }

  /** Runs one job now, whatever its interval says: after an action, or from a test. */
  async runNow(key: string): Promise<SyncOutcome | null> {
    const job = this.jobs.find((j) => j.key === key);
    if (!job) throw new Error(`no sync job "${key}"; known: ${this.jobs.map((j) => j.key).join(', ')}`);
    await this.running.get(key);
    return this.run(job, true);
  }

  /** Runs one job unless any replica attempted it within its interval; null when skipped. */
  async runIfDue(key: string): Promise<SyncOutcome | null> {
    const job = this.jobs.find((j) => j.key === key);
    if (!job) throw new Error(`no sync job "${key}"`);
    return this.running.get(key) ?? this.run(job, false);
  }

  async runAll(): Promise<(SyncOutcome | null)[]> {
    return Promise.all(this.jobs.map((job) => this.runNow(job.key)));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled(this.running.values());
  }

  private run(job: SyncJob, force: boolean): Promise<SyncOutcome | null> {
    const promise = this.attempt(job, force).finally(() => this.running.delete(job.key));
    this.running.set(job.key, promise);
    return promise;
  }

  private async attempt(job: SyncJob, force: boolean): Promise<SyncOutcome | null> {
    const { prisma } = this.context;
    const leaseMs = this.options.leaseMs ?? SYNC_LEASE_MS;
    const jitter = Math.floor(Math.random() * Math.min(5000, job.intervalMs * 0.1));
    this.nextDue.set(job.key, Date.now() + job.intervalMs + jitter);
    const claimed = await claimSyncSource(prisma, {
      key: job.key,
      kind: job.kind,
      accountId: job.accountId ?? null,
      region: job.region ?? null,
      owner: this.owner,
      leaseMs,
      // A little under the interval, so this replica's own timer jitter never skips a run.
      notAttemptedWithinMs: force ? 0 : Math.floor((this.interval.get(job.key) ?? job.intervalMs) * 0.9),
    }).catch(() => false);
    if (!claimed) {
      // Another run holds it: look again as its lease ends, not an interval later. A run that
      // died with its process leaves its source to the first replica that looks after that.
      const heldForMs = await syncLeaseRemainingMs(prisma, job.key).catch(() => null);
      if (heldForMs !== null) this.nextDue.set(job.key, Math.min(this.nextDue.get(job.key) ?? Infinity, Date.now() + heldForMs + 250 + jitter % 1000));
      return null;
    }

    const renewal = setInterval(() => void renewSyncSource(prisma, job.key, this.owner, leaseMs).catch(() => false), leaseMs / 3);
    renewal.unref();
    const started = Date.now();
    const source = { key: job.key, kind: job.kind, accountId: job.accountId, region: job.region };
    // Every AWS call the run makes is counted, with the pace each account was kept at.
    const meter = new AwsCallMeter();
    const cost = (intervalMs: number) => ({ calls: meter.calls(), pacing: meter.pacing(), intervalMs });
    let outcome: SyncOutcome;
    try {
      const { itemCount, nextIntervalMs, warnings = [] } = await meter.measure(() => job.run(this.context));
      this.interval.set(job.key, nextIntervalMs ?? job.intervalMs);
      if (nextIntervalMs !== undefined) this.nextDue.set(job.key, Date.now() + nextIntervalMs);
      outcome = { key: job.key, ok: true, itemCount, warnings, durationMs: Date.now() - started, calls: meter.calls() };
      await recordSyncSuccess(prisma, { ...source, durationMs: outcome.durationMs, itemCount, warnings, at: this.context.now(), ...cost(nextIntervalMs ?? job.intervalMs) });
    } catch (error) {
      const errorMessage = error instanceof Error ? error.message : String(error);
      outcome = { key: job.key, ok: false, errorCode: errorCodeOf(error), errorMessage, durationMs: Date.now() - started, calls: meter.calls() };
      await recordSyncFailure(prisma, {
        ...source,
        durationMs: outcome.durationMs,
        errorCode: outcome.errorCode!,
        errorMessage,
        at: this.context.now(),
        ...cost(job.intervalMs),
      }).catch(() => undefined);
    } finally {
      clearInterval(renewal);
      await releaseSyncSource(prisma, job.key, this.owner).catch(() => undefined);
    }
    this.options.onOutcome?.(outcome);
    return outcome;
  }
}
