import { readCallCounts, readPacing } from '@fleet/core';
import { listSyncSources } from '@fleet/db';
import { testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCalls, sourceFreshness } from '../freshness.ts';
import { SyncScheduler } from '../scheduler.ts';
import { simulatedGroupClients, simulatedImageClients, useDemoWorld } from '../testing/index.ts';
import { asgsJob } from './groups.ts';
import { imagesJob } from './images.ts';

// Only the first database: the pace lives in the process, not in the store.
describe.each(testDatabases().slice(0, 1))('a throttled account, on $name', (target) => {
  const world = useDemoWorld(target);
  let scheduler: SyncScheduler;
  const prod = () => world.config.aws.productionAccounts[0]!;
  const build = () => world.config.aws.buildAccount;
  const groupsKey = () => `autoscaling.groups:${prod().id}:us-east-1`;
  const imagesKey = () => `ec2.images:${build().id}:us-east-1`;
  const accounts = async () => accountCalls(await sourceFreshness(world.db.prisma, world.config, new Date()), world.config);

  const source = async (key: string) => {
    const row = (await listSyncSources(world.db.prisma)).find((s) => s.key === key)!;
    return { calls: readCallCounts(row.lastCalls), pacing: readPacing(row.lastPacing) };
  };
  const pace = async (service: string) => (await source(groupsKey())).pacing.find((p) => p.service === service)!;

  beforeAll(async () => {
    const { sim, config, db } = world;
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(build(), 'us-east-1', 60_000, simulatedImageClients(sim, config)),
      asgsJob(prod(), 'us-east-1', { intervalMs: 60_000, refreshingIntervalMs: 5_000, clients: simulatedGroupClients(sim, prod(), { maxAttempts: 3 }) }),
    ]);
    await scheduler.runAll();
  });

  afterAll(() => scheduler?.stop());

  it('slows that account’s Auto Scaling calls down, and no other account’s or service’s, with the figures in its record', async () => {
    const { sim } = world;
    sim.faults.inject({ kind: 'throttle', count: 2, account: prod().id, service: 'autoscaling', action: 'DescribeAutoScalingGroups' });
    sim.calls.clear();
    expect(await scheduler.runNow(groupsKey())).toMatchObject({ ok: true });
    expect(await scheduler.runNow(imagesKey())).toMatchObject({ ok: true });

    // AWS counted three calls for one answer, two of them throttled; the record says the same.
    expect(sim.calls.list({ accountId: prod().id, action: 'DescribeAutoScalingGroups' })).toEqual([expect.objectContaining({ calls: 3, throttled: 2 })]);
    expect((await source(groupsKey())).calls.find((c) => c.api === 'DescribeAutoScalingGroups')).toMatchObject({ calls: 3, throttled: 2 });
    // Halved twice from 5 calls a second, then an eighth of it back for the call that went through.
    expect(await pace('autoscaling')).toMatchObject({ accountId: prod().id, ratePerSecond: 1.875, fullRatePerSecond: 5 });
    expect(await pace('ec2')).toMatchObject({ ratePerSecond: 10, fullRatePerSecond: 10 });
    expect((await source(imagesKey())).pacing).toEqual([expect.objectContaining({ accountId: build().id, ratePerSecond: 10, waitedMs: 0 })]);

    expect((await accounts()).find((a) => a.accountId === prod().id)).toMatchObject({ throttled: 2, slowed: [expect.objectContaining({ service: 'autoscaling', ratePerSecond: 1.875 })] });
    expect((await accounts()).find((a) => a.accountId === build().id)).toMatchObject({ throttled: 0, slowed: [] });
  });

  it('recovers its pace over the calls that go through, one Auto Scaling call a pass here', async () => {
    const { sim } = world;
    const rates: number[] = [];
    sim.calls.clear();
    for (let pass = 0; pass < 5; pass++) {
      expect(await scheduler.runNow(groupsKey())).toMatchObject({ ok: true });
      rates.push((await pace('autoscaling')).ratePerSecond);
    }
    expect(rates).toEqual([2.5, 3.125, 3.75, 4.375, 5]);
    expect(sim.calls.list({ accountId: prod().id, service: 'autoscaling' })).toEqual([expect.objectContaining({ action: 'DescribeAutoScalingGroups', calls: 5, throttled: 0 })]);
    expect((await accounts()).find((a) => a.accountId === prod().id)).toMatchObject({ throttled: 0, slowed: [] });
  });
});
