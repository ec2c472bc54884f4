import { type PrismaClient, recordGroupSnapshot } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, testConfig } from '../test/harness.ts';

const GROUP = 'ci-int-jenkins-worker-rhel8-gpu';

async function recordGroup(prisma: PrismaClient, desiredCapacity: number, at: Date) {
  await recordGroupSnapshot(prisma, {
    accountId: '320000000002',
    region: 'us-east-1',
    at,
    partial: true,
    groups: [
      {
        name: GROUP,
        arn: `arn:aws:autoscaling:us-east-1:320000000002:autoScalingGroup:0:autoScalingGroupName/${GROUP}`,
        minSize: 0,
        maxSize: 10,
        desiredCapacity,
        launchTemplate: null,
        tags: {},
        instances: [],
        createdTime: null,
        status: null,
        workerType: 'rhel8-gpu',
        imageId: null,
        imageSource: null,
        details: new Map(),
      },
    ],
  });
}

/** Counts the statements each kind of read makes, to see what watching costs the database. */
function countingReads(prisma: PrismaClient) {
  const counts = { groupDetails: 0, statements: 0 };
  const counted = new Proxy(prisma, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (key === 'asg') {
        return new Proxy(value as object, {
          get(model, method) {
            const fn = Reflect.get(model, method) as unknown;
            if (method === 'findUnique' && typeof fn === 'function') return (...args: unknown[]) => ((counts.groupDetails += 1), counts.statements++, (fn as (...a: unknown[]) => unknown).apply(model, args));
            return fn;
          },
        });
      }
      if (typeof key === 'string' && key.startsWith('$query') && typeof value === 'function') return (...args: unknown[]) => (counts.statements++, (value as (...a: unknown[]) => unknown).apply(target, args));
      return value;
    },
  });
  return { counted, counts };
}

describe.each(testDatabases())('watching a group on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();

  beforeAll(async () => {
    db = await target.open();
    await recordGroup(db.prisma, 2, new Date());
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('costs one cheap check a second for all its watchers, and loads the group again only when it changed', async () => {
    const { counted, counts } = countingReads(db.prisma);
    const abort = new AbortController();
    const received: number[][] = Array.from({ length: 5 }, () => []);
    const streams = received.map(async (seen) => {
      const caller = callerWith(counted, config, {}, undefined, abort.signal);
      const stream = await caller.api.asgs.watch({ name: GROUP });
      for await (const detail of stream) seen.push(detail.desiredCapacity);
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await recordGroup(db.prisma, 3, new Date());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    abort.abort();
    await Promise.allSettled(streams);

    expect(received).toEqual(Array.from({ length: 5 }, () => [2, 3]));
    // Five streams polling on their own would load the group about 5 × 4.5 times.
    expect(counts.groupDetails).toBeLessThanOrEqual(3);
    expect(counts.statements).toBeLessThanOrEqual(12);
  });

  it('ends a watch of a group never seen with NOT_FOUND', async () => {
    const stream = await callerWith(db.prisma, config).api.asgs.watch({ name: 'no-such-group' });
    await expect((async () => {
      for await (const detail of stream) void detail;
    })()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
