import { requestSync } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleetConfig } from '@fleet/core';
import type { SyncJob } from './job.ts';
import { SyncScheduler } from './scheduler.ts';

const parsed = parseFleetConfig(`
infraRepo: { commitUrlTemplate: "https://git.example.com/infra/-/commit/{sha}" }
aws:
  buildAccount: { id: "111111111111", name: ci, regions: [us-east-1] }
  productionAccounts: [{ id: "222222222222", name: prod, regions: [us-east-1] }]
workerTypes: [{ key: rhel8-builder, baseOs: rhel8, role: builder }]
`);
if (!parsed.ok) throw new Error('the test config must be valid');
const testConfig = () => parsed.config;

describe.each(testDatabases())('the sync scheduler on $name', (target) => {
  let db: TestDatabase;
  let scheduler: SyncScheduler;
  let runs = 0;
  const job: SyncJob = {
    key: 'jenkins.bakes:ci-int',
    kind: 'jenkins.bakes',
    intervalMs: 3_600_000,
    async run() {
      runs += 1;
      return { itemCount: runs };
    },
  };

  beforeAll(async () => {
    db = await target.open();
    scheduler = new SyncScheduler({ prisma: db.prisma, config: testConfig(), now: () => new Date() }, [job]);
    scheduler.start(100);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await db?.cleanup();
  });

  it('runs a source an action asked for at once, long before its interval, and once per request', async () => {
    await expect.poll(() => runs, { timeout: 20_000 }).toBe(1);
    await requestSync(db.prisma, job.key, job.kind);
    await expect.poll(() => runs, { timeout: 20_000 }).toBe(2);
    // The request is spent by the run it caused: no third run without another request.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(runs).toBe(2);
  });
});
