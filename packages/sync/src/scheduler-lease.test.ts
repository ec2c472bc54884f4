import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncJob } from './job.ts';
import { SYNC_LEASE_MS, SyncScheduler } from './scheduler.ts';

const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');
const config: FleetConfig = parsed.config;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job whose run lasts until the test lets it go, like a sync stuck on a slow source. */
function heldJob(key: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = () => {};
  const running = new Promise<void>((resolve) => (started = resolve));
  const job: SyncJob = {
    key,
    kind: 'test.held',
    intervalMs: 30_000,
    async run() {
      started();
      await released;
      return { itemCount: 1 };
    },
  };
  return { job, release, running };
}

const quickJob = (key: string): SyncJob => ({ key, kind: 'test.held', intervalMs: 30_000, run: async () => ({ itemCount: 2 }) });

/** Another worker process, in the middle of a sync of `key` that never ends. */
async function startHeldSync(url: string, key: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'testing/held-sync-process.ts'), url, key], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('running')) resolve();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the held sync process exited (${code}) before running: ${output}`)));
  });
  return child;
}

type Attempt = (scheduler: SyncScheduler, key: string) => ReturnType<SyncScheduler['runNow']>;

/** Tries the source from another replica until it gets to run it; how long that took. */
async function takeOver(scheduler: SyncScheduler, key: string, withinMs: number, attempt: Attempt = (s, k) => s.runNow(k)): Promise<number | null> {
  const from = performance.now();
  while (performance.now() - from < withinMs) {
    if (await attempt(scheduler, key)) return performance.now() - from;
    await sleep(250);
  }
  return null;
}

describe.each(testDatabases())('sync leases between worker replicas on $name', (target) => {
  let db: TestDatabase;
  const contextOf = (prisma: TestDatabase['prisma']) => ({ prisma, config, now: () => new Date() });

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  // Tried as the scheduler's own tick tries it: the dead run counts as not done, not as done recently.
  it('hands the source of a worker that died mid-sync to another within seconds, not minutes', async () => {
    const key = 'test.dies-mid-sync';
    const worker = await startHeldSync(db.url, key);
    worker.kill('SIGKILL');

    const second = new SyncScheduler(contextOf(db.prisma), [quickJob(key)], { owner: 'worker-lives' });
    const waited = await takeOver(second, key, 30_000, (s, k) => s.runIfDue(k));
    expect(waited).not.toBeNull();
    expect(waited!).toBeLessThan(SYNC_LEASE_MS + 8_000);
    expect(await db.prisma.syncSource.findUniqueOrThrow({ where: { key } })).toMatchObject({ lastItemCount: 2, leaseOwner: null });
  }, 60_000);

  it('runs the source of a worker that died mid-sync as soon as its lease runs out, on its own loop, whatever the interval', async () => {
    const key = 'test.dies-mid-sync-looped';
    const worker = await startHeldSync(db.url, key);
    worker.kill('SIGKILL');
    const killedAt = performance.now();
    // A replica starting now finds the dead run's lease still live on its first tick.
    const second = new SyncScheduler(contextOf(db.prisma), [{ ...quickJob(key), intervalMs: 600_000 }], { owner: 'worker-restarted' });
    second.start(200);
    try {
      for (let waited = 0; waited < 40_000; waited += 250) {
        const row = await db.prisma.syncSource.findUnique({ where: { key } });
        if (row?.lastItemCount === 2) break;
        await sleep(250);
      }
      expect(performance.now() - killedAt).toBeLessThan(SYNC_LEASE_MS + 8_000);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('keeps the source of a live worker whose sync outlasts the lease, renewing it', async () => {
    const held = heldJob('test.long-sync');
    const first = new SyncScheduler(contextOf(db.prisma), [held.job], { owner: 'worker-slow', leaseMs: 1_500 });
    const run = first.runNow(held.job.key);
    await held.running;
    const second = new SyncScheduler(contextOf(db.prisma), [quickJob(held.job.key)], { owner: 'worker-eager', leaseMs: 1_500 });
    const stolen = await takeOver(second, held.job.key, 5_000);
    held.release();
    expect((await run)?.itemCount).toBe(1);
    expect(stolen).toBeNull();
    expect(await second.runNow(held.job.key)).toMatchObject({ ok: true, itemCount: 2 });
  }, 60_000);
});
