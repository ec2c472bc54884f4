import { readCallCounts } from '@fleet/core';
import { findNode, listSyncSources } from '@fleet/db';
import { countRowWrites, type RowWriteCounter, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncScheduler } from '../scheduler.ts';
import { simulatedGroupClients, simulatedImageClients, useDemoWorld } from '../testing/index.ts';
import { asgsJob } from './groups.ts';
import { imagesJob, launchPermissionsJob } from './images.ts';
import { instanceStatusJob } from './instance-status.ts';

const MINUTE = 60_000;

// The demo world: one build account with 87 AMIs, one production account with 7 groups (one on
// $Latest, one whose template takes its AMI from an SSM parameter) and 35 instances, its clock
// standing still, so every pass asks exactly the same and the counts are exact.
describe.each(testDatabases())('the AWS calls of the syncs on the demo world, into $name', (target) => {
  const world = useDemoWorld(target);
  let scheduler: SyncScheduler;
  let writes: RowWriteCounter;
  // The syncs' clock starts an hour back and moves by hand: the launch-permission check waits out
  // its interval after the image sync checked every AMI, and the leases (on the database's clock)
  // never see an attempt from the future.
  let now = new Date(Date.now() - 3_600_000);
  const build = () => world.config.aws.buildAccount;
  const prod = () => world.config.aws.productionAccounts[0]!;
  const keys = () => ({
    images: `ec2.images:${build().id}:us-east-1`,
    sharing: `ec2.launch-permissions:${build().id}:us-east-1`,
    groups: `autoscaling.groups:${prod().id}:us-east-1`,
    statuses: `ec2.instance-status:${prod().id}:us-east-1`,
  });
  const region = 'us-east-1';

  /** One run of each job in turn, as a fresh worker's first tick does; the calls the simulator counted. */
  async function pass(...order: (keyof ReturnType<typeof keys>)[]) {
    const { sim } = world;
    sim.calls.clear();
    for (const name of order) expect(await scheduler.runNow(keys()[name])).toMatchObject({ ok: true });
    return Object.fromEntries(sim.calls.list().map(({ accountId, action, calls }) => [`${accountId === build().id ? 'build' : 'prod'} ${action}`, calls]));
  }

  beforeAll(async () => {
    const { sim, config, db } = world;
    const images = simulatedImageClients(sim, config);
    const groups = simulatedGroupClients(sim, prod());
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => now }, [
      imagesJob(build(), region, MINUTE, images),
      launchPermissionsJob(build(), region, 2 * MINUTE, images),
      asgsJob(prod(), region, { intervalMs: MINUTE, refreshingIntervalMs: 5_000, clients: groups }),
      instanceStatusJob(prod(), region, MINUTE / 2, groups.ec2),
    ]);
    writes = await countRowWrites(db.prisma, ['sync_source']);
  });

  afterAll(() => scheduler?.stop());

  it('makes a first full sync in 21 calls', async () => {
    expect(await pass('images', 'sharing', 'groups', 'statuses')).toEqual({
      // Every AMI in one page; the production account says in one page which of them it may launch.
      // The launch-permission sync then has nothing left to ask: the image sync checked every AMI.
      'build DescribeImages': 1,
      'prod DescribeImages': 1,
      // Every group in one call, every instance's address in one, every group's launch template
      // version in one listing of $Latest and $Default, one more to resolve the SSM parameter.
      'prod DescribeAutoScalingGroups': 1,
      'prod DescribeInstances': 1,
      'prod DescribeLaunchTemplateVersions': 2,
      // Each group's refresh history and activities, once.
      'prod DescribeInstanceRefreshes': 7,
      'prod DescribeScalingActivities': 7,
      'prod DescribeInstanceStatus': 1,
    });
    expect(Object.keys(await writes.writes())).toEqual(expect.arrayContaining(['ami', 'ami_commit', 'asg', 'asg_instance', 'instance_refresh', 'scaling_activity']));
  });

  it('makes a pass where nothing changed in 7 calls, and writes nothing', async () => {
    now = new Date(now.getTime() + 10 * MINUTE);
    await writes.reset();
    expect(await pass('images', 'sharing', 'groups')).toEqual({
      'build DescribeImages': 1,
      'prod DescribeImages': 1,
      'prod DescribeAutoScalingGroups': 1,
      // The $Latest group's template is asked for its latest version; the SSM parameter is resolved.
      // No instance is new, no other version unknown, no group changed or refreshing.
      'prod DescribeLaunchTemplateVersions': 2,
    });
    expect(await writes.writes()).toEqual({});
    // Every node still listed unchanged: it was seen at the listing's success, kept once per source.
    expect(await pass('statuses')).toEqual({ 'prod DescribeInstanceStatus': 1 });
    expect(await writes.writes()).toEqual({});
    const node = await world.db.prisma.node.findFirstOrThrow({ where: { goneAt: null, ec2Listed: true } });
    const statuses = await world.db.prisma.syncSource.findUniqueOrThrow({ where: { key: keys().statuses } });
    expect((await findNode(world.db.prisma, node.instanceId))!.ec2ObservedAt).toEqual(statuses.lastSuccessAt);
  });

  it('writes only the node whose status checks changed', async () => {
    now = new Date(now.getTime() + 10 * MINUTE);
    const { db, sim } = world;
    const node = await db.prisma.node.findFirstOrThrow({ where: { goneAt: null, ec2Listed: true, ec2InstanceStatus: 'ok' }, orderBy: { instanceId: 'asc' } });
    sim.world.nodes.set(node.instanceId, { statusChecks: { instance: 'impaired' } });
    await writes.reset();
    expect(await pass('statuses')).toEqual({ 'prod DescribeInstanceStatus': 1 });
    expect(await writes.writes()).toEqual({ node: 1 });
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: node.instanceId } })).toMatchObject({ ec2InstanceStatus: 'impaired', ec2ObservedAt: now });
  });

  it('asks the production account about a bake’s new AMIs at once, in one call, and writes only them', async () => {
    now = new Date(now.getTime() + 10 * MINUTE);
    const { db, sim } = world;
    const { build: baked } = await sim.world.commit({ touchesPacker: true, message: 'Bump the JDK' });
    const made = Object.values(baked!.images);
    await writes.reset();
    expect(await pass('images')).toEqual({ 'build DescribeImages': 1, 'prod DescribeImages': 1 });
    // The new AMIs, their commit, and their sharing (not shared yet) read for the first time.
    expect(await writes.writes()).toEqual({ ami: 2 * made.length, ami_commit: made.length });
    const rows = await db.prisma.ami.findMany({ where: { imageId: { in: made } } });
    expect(rows.map((r) => [r.sharedWith, r.sharedCheckedAt !== null])).toEqual(made.map(() => [[], true]));
  });

  it('records in each source’s freshness row the calls it spent, as the simulator counted them', async () => {
    now = new Date(now.getTime() + 10 * MINUTE);
    await pass('images', 'sharing', 'groups', 'statuses');
    const { db, sim } = world;
    const counted = sim.calls.list().map((c) => ({ accountId: c.accountId, region: c.region, service: c.service, api: c.action, calls: c.calls, throttled: c.throttled }));
    const recorded = (await listSyncSources(db.prisma)).flatMap((source) => readCallCounts(source.lastCalls));
    const order = (c: { accountId: string | null; api: string }) => `${c.accountId}/${c.api}`;
    // No API is called by two of these syncs in a steady pass, so each count is one source's.
    expect(recorded.sort((a, b) => order(a).localeCompare(order(b)))).toEqual(counted.sort((a, b) => order(a).localeCompare(order(b))));
  });
});
