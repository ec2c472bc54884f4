import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { autoScalingClientFor } from '@fleet/aws';
import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { listSyncSources } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type FaultSpec, type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncScheduler } from '../scheduler.ts';
import { asgsJob } from './groups.ts';

const demo = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!demo.ok) throw new Error('the demo config must be valid');

// Each fault hits every DescribeAutoScalingGroups call of one run, retries included.
const FAULTS: { name: string; fault: FaultSpec; errorCode: string }[] = [
  { name: 'Throttling on every attempt', fault: { kind: 'throttle', count: 20 }, errorCode: 'throttled' },
  { name: 'HTTP 500 on every attempt', fault: { kind: 'internal-error', count: 20 }, errorCode: 'server' },
  { name: 'HTTP 503 on every attempt', fault: { kind: 'error', code: 'ServiceUnavailable', status: 503, count: 20 }, errorCode: 'server' },
  { name: 'connections reset', fault: { kind: 'reset', count: 20 }, errorCode: 'unreachable' },
  { name: 'answers cut off halfway', fault: { kind: 'truncate', count: 20 }, errorCode: 'unreachable' },
];

describe.each(testDatabases())('the Auto Scaling sync under AWS faults, on $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  let maxAttempts: number;
  const saved = { ...process.env };
  const prod = () => config.aws.productionAccounts[0]!;
  const key = () => `autoscaling.groups:${prod().id}:us-east-1`;
  const source = async () => (await listSyncSources(db.prisma)).find((s) => s.key === key())!;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-asg-faults-'));
    db = await target.open();
    config = structuredClone(demo.config);
    const historyEnd = new Date(Date.UTC(2025, 2, 14));
    sim = await startSimulator({ config, dataDir, port: 0, historyEnd, clock: () => new Date(historyEnd.getTime() + 3_600_000), timeScale: 1 });
    const credentials = sim.credentialsFor(config.aws.buildAccount.id);
    // The job's own clients, with the retries production has: found through the SDK's endpoint settings.
    Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' });
    maxAttempts = await autoScalingClientFor(prod(), 'us-east-1').config.maxAttempts();
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [asgsJob(prod(), 'us-east-1', { intervalMs: 60_000, refreshingIntervalMs: 5_000 })]);
    expect(await scheduler.runNow(key())).toMatchObject({ ok: true });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    process.env = saved;
    await scheduler?.stop();
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each(FAULTS)('under $name: fails with a clear error after a bounded number of calls, keeps the last good data and its age, and recovers on the next run', async ({ fault, errorCode }) => {
    const before = { groups: await db.prisma.asg.count({ where: { goneAt: null } }), source: await source(), calls: sim.faults.requests('DescribeAutoScalingGroups') };
    sim.faults.inject({ ...fault, action: 'DescribeAutoScalingGroups' });

    const failed = await scheduler.runNow(key());
    expect(failed).toMatchObject({ ok: false, errorCode });
    expect(failed?.errorMessage).toMatch(/AutoScaling|account|AWS/i);
    const calls = sim.faults.requests('DescribeAutoScalingGroups') - before.calls;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(maxAttempts);
    // Nothing was taken for gone: the groups and the time of the last good read stay as they were.
    expect(await db.prisma.asg.count({ where: { goneAt: null } })).toBe(before.groups);
    expect(await source()).toMatchObject({ lastSuccessAt: before.source.lastSuccessAt, consecutiveFailures: 1, lastErrorCode: failed!.errorCode });

    sim.faults.clear();
    expect(await scheduler.runNow(key())).toMatchObject({ ok: true });
    expect(await source()).toMatchObject({ consecutiveFailures: 0 });
    expect((await source()).lastSuccessAt!.getTime()).toBeGreaterThan(before.source.lastSuccessAt!.getTime());
  });

  it('rides out a slow answer within its timeout', async () => {
    sim.faults.inject({ kind: 'latency', latencyMs: 1_500, action: 'DescribeAutoScalingGroups' });
    const outcome = await scheduler.runNow(key());
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome!.durationMs).toBeGreaterThanOrEqual(1_500);
  });

  /** The start of a group's member in DescribeAutoScalingGroups, up to its capacity, as the simulator writes it. */
  function groupHead(name: string): string {
    const g = sim.world.fleet.group(name)!;
    const lt = g.launchTemplate;
    return (
      `<AutoScalingGroupName>${g.name}</AutoScalingGroupName><AutoScalingGroupARN>${g.arn}</AutoScalingGroupARN>` +
      `<LaunchTemplate><LaunchTemplateId>${lt.launchTemplateId}</LaunchTemplateId><LaunchTemplateName>${lt.launchTemplateName}</LaunchTemplateName><Version>${lt.version}</Version></LaunchTemplate>` +
      `<MinSize>${g.minSize}</MinSize><MaxSize>${g.maxSize}</MaxSize><DesiredCapacity>${g.desiredCapacity}</DesiredCapacity>`
    );
  }

  async function stored(name: string) {
    return db.prisma.asg.findUniqueOrThrow({ where: { name }, include: { instances: { where: { goneAt: null } } } });
  }

  it('refuses one group AWS describes with absurd numbers, keeps its last good reading, and reads every other group', async () => {
    const [bad, good] = config.workerTypes.flatMap((w) => w.asgs);
    const before = { bad: await stored(bad!), good: (await stored(good!)).lastSeenAt, groups: await db.prisma.asg.count({ where: { goneAt: null } }) };
    const head = groupHead(bad!);
    sim.faults.inject({ kind: 'rewrite', action: 'DescribeAutoScalingGroups', find: head, replace: head.replace(/<DesiredCapacity>\d+</, '<DesiredCapacity>1000000000<').replace(/<MinSize>\d+</, '<MinSize>-4<') });

    const outcome = await scheduler.runNow(key());
    expect(outcome).toMatchObject({ ok: true, itemCount: before.groups - 1 });
    const warning = outcome!.warnings?.find((w) => w.includes(bad!));
    expect(warning).toMatch(/MinSize: .*DesiredCapacity: /);
    expect(warning).toContain('its last good reading is kept');
    expect((await source()).lastWarnings).toContain(warning);
    // The refused group is neither gone nor changed; the others were read.
    expect(await stored(bad!)).toMatchObject({ goneAt: null, minSize: before.bad.minSize, desiredCapacity: before.bad.desiredCapacity });
    expect((await stored(bad!)).instances).toHaveLength(before.bad.instances.length);
    expect((await stored(good!)).lastSeenAt.getTime()).toBeGreaterThanOrEqual(before.good.getTime());
    expect(await db.prisma.asg.count({ where: { goneAt: null } })).toBe(before.groups);

    expect(await scheduler.runNow(key())).toMatchObject({ ok: true, itemCount: before.groups, warnings: [] });
  });

  it('refuses a group with an instance in a lifecycle state AWS does not have, naming the field', async () => {
    const name = config.workerTypes.flatMap((w) => w.asgs).find((g) => sim.world.fleet.instancesOf(g).length > 0)!;
    const instance = sim.world.fleet.instancesOf(name)[0]!;
    const find = `<InstanceId>${instance.instanceId}</InstanceId><InstanceType>${instance.instanceType}</InstanceType><AvailabilityZone>${instance.availabilityZone}</AvailabilityZone><LifecycleState>${instance.lifecycleState}</LifecycleState>`;
    sim.faults.inject({ kind: 'rewrite', action: 'DescribeAutoScalingGroups', find, replace: find.replace(`>${instance.lifecycleState}<`, '>Levitating<') });

    const outcome = await scheduler.runNow(key());
    expect(outcome).toMatchObject({ ok: true });
    const warnings = outcome!.warnings ?? [];
    expect(warnings.find((w) => w.includes(name))).toMatch(/Instances\.\d+\.LifecycleState: /);
    expect((await stored(name)).instances.map((i) => i.instanceId)).toContain(instance.instanceId);
  });
});

