import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { countRowWrites, openTestDatabase, type TestDatabaseName } from '@fleet/db/testing';
import { startSimulator } from '@fleet/sim';
import { type SyncJob, SyncScheduler, syncJobsFor } from '@fleet/sync';
import { minimumCalls, type Pass } from './aws-call-minimum.ts';

// What the AWS syncs cost on a large fleet: a build account and two production accounts, each in
// two regions, 60 groups of 100 instances and about 3,000 AMIs (the simulator's `seeding`), synced
// by the worker's own jobs (`syncJobsFor`, roles assumed, clients paced) through the simulator,
// which counts every request as a proxy in front of AWS would. Printed per API and in total: calls
// made against the minimum the page sizes allow (aws-call-minimum.ts says how that is worked out),
// for a first full sync and for a pass where nothing changed, and the rows that pass wrote.
// Target: within 10 % of the minimum on both; the image, sharing and group syncs write nothing.
const DATABASE = (process.env.DATABASE ?? 'postgres') as TestDatabaseName;
const TYPES = Number(process.env.TYPES ?? 30);
const INSTANCES_PER_GROUP = Number(process.env.INSTANCES_PER_GROUP ?? 100);
const TARGET = 1.1;

const BUILD = '310000000001';
const PRODUCTION = ['320000000002', '330000000003'];
const REGIONS = ['us-east-1', 'eu-west-1'];

/** 30 worker types with a pool each in two places: 60 groups over two production accounts and two regions. */
function largeFleetConfig(): FleetConfig {
  const types = Array.from({ length: TYPES }, (_, i) => ({ key: `pool${String(i).padStart(2, '0')}`, baseOs: ['centos7', 'rhel7', 'rhel8'][i % 3]! }));
  const parsed = parseFleetConfig(
    [
      'infraRepo: { commitUrlTemplate: "https://git.example.com/infra/commit/{sha}" }',
      'aws:',
      `  buildAccount: { id: "${BUILD}", name: app-sre-ci, regions: [${REGIONS.join(', ')}] }`,
      '  productionAccounts:',
      ...PRODUCTION.map((id, i) => `    - { id: "${id}", name: app-sre-${i + 1}, regions: [${REGIONS.join(', ')}], roleArn: "arn:aws:iam::${id}:role/fleet-portal-operator" }`),
      'workerTypes:',
      ...types.map((t) => `  - { key: ${t.key}, baseOs: ${t.baseOs}, role: builder, asgs: [ci-${t.key}-a, ci-${t.key}-b] }`),
    ].join('\n'),
  );
  if (!parsed.ok) throw new Error(`bench config: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

async function main() {
  const config = largeFleetConfig();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-bench-aws-'));
  // The world runs on the real clock (its roles' credentials expire on it), its history ended six
  // hours ago: whatever was still moving then has finished, and nothing moves while it is measured.
  const historyEnd = new Date(Date.now() - 6 * 3_600_000);
  let started = performance.now();
  const sim = await startSimulator({
    config,
    dataDir,
    port: 0,
    seed: 'bench',
    historyEnd,
    timeScale: 1,
    seeding: { commits: 100, packerShare: 0.52, groupPlacement: 'spread', instancesPerGroup: INSTANCES_PER_GROUP },
  });
  const world = sim.world;
  const amis = world.images.all().filter((i) => i.state !== 'deregistered').length;
  const instances = world.fleet.groups().reduce((sum, g) => sum + world.fleet.instancesOf(g.name).length, 0);
  console.log(`world: ${PRODUCTION.length + 1} accounts × ${REGIONS.length} regions, ${world.fleet.groups().length} groups, ${instances} instances, ${amis} AMIs (built in ${seconds(started)} s)`);

  // The worker's own jobs, with the production path's credentials: the build account's keys from
  // the environment, a role assumed in each production account, every endpoint the simulator.
  const build = sim.credentialsFor(BUILD);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: build.accessKeyId, AWS_SECRET_ACCESS_KEY: build.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' });
  for (const account of [config.aws.buildAccount, ...config.aws.productionAccounts]) account.endpoint = sim.url;
  const jobs = syncJobsFor(config, {}).filter((job) => job.accountId !== undefined);
  const db = await openTestDatabase(DATABASE);
  // The syncs' clock starts an hour back and moves by hand, so the steady pass comes an interval later.
  let now = new Date(Date.now() - 3_600_000);
  const scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => now }, jobs);
  const writes = await countRowWrites(db.prisma, ['sync_source']);

  try {
    const order = ['ec2.images', 'ec2.launch-permissions', 'autoscaling.groups', 'ec2.instance-status', 'sts.identity'];
    const took = new Map<string, number>();
    const run = async (kinds: string[]) => {
      sim.calls.clear();
      let own = 0;
      for (const job of jobs.filter((j) => kinds.includes(j.kind)).sort(byKind(order))) {
        const outcome = await scheduler.runNow(job.key);
        if (!outcome?.ok) throw new Error(`${job.key} failed: ${outcome?.errorMessage ?? 'not run'}`);
        own += outcome.calls.reduce((sum, c) => sum + c.calls, 0);
        took.set(job.kind, (took.get(job.kind) ?? 0) + outcome.durationMs);
      }
      if (own !== sim.calls.total()) throw new Error(`the portal counted ${own} calls, the simulator ${sim.calls.total()}`);
      return sim.calls.byAction();
    };
    const durations = () => {
      const text = [...took].map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`).join(', ');
      took.clear();
      return text;
    };

    started = performance.now();
    const first = await run(order);
    console.log(`first full sync in ${seconds(started)} s (${durations()})`);

    now = new Date(now.getTime() + 10 * 60_000);
    await writes.reset();
    started = performance.now();
    const steady = await run(['ec2.images', 'ec2.launch-permissions', 'autoscaling.groups', 'ec2.instance-status']);
    const steadyWrites = await writes.writes();
    console.log(`steady pass in ${seconds(started)} s (${durations()}; the hourly identity check is not due)\n`);

    const verdicts = [table('first', first, minimumCalls(world, config, 'first')), table('steady', steady, minimumCalls(world, config, 'steady'))];
    console.log(`rows written in the steady pass (every table but the sources' own freshness rows): ${describe(steadyWrites)}`);
    const ok = verdicts.every(Boolean) && Object.keys(steadyWrites).length === 0;
    console.log(ok ? 'calls within 10 % of the minimum on both passes; nothing written when nothing changed' : 'TARGET MISSED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await scheduler.stop();
    await db.cleanup();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Prints one pass's calls against the minimum; true when the total is within the target. */
function table(pass: Pass, made: Record<string, number>, minimum: Record<string, number>): boolean {
  const apis = [...new Set([...Object.keys(minimum), ...Object.keys(made)])].sort();
  const title = pass === 'first' ? 'first full sync' : 'steady pass, nothing changed';
  console.log(`${title}\n  ${'API'.padEnd(34)}${'made'.padStart(6)}${'minimum'.padStart(9)}`);
  for (const api of apis) console.log(`  ${api.padEnd(34)}${String(made[api] ?? 0).padStart(6)}${String(minimum[api] ?? 0).padStart(9)}`);
  const total = Object.values(made).reduce((a, b) => a + b, 0);
  const least = Object.values(minimum).reduce((a, b) => a + b, 0);
  const over = least === 0 ? 0 : (total / least - 1) * 100;
  console.log(`  ${'total'.padEnd(34)}${String(total).padStart(6)}${String(least).padStart(9)}   ${over >= 0 ? '+' : ''}${over.toFixed(1)} %\n`);
  return total <= least * TARGET;
}

function byKind(order: string[]) {
  return (a: SyncJob, b: SyncJob) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.key.localeCompare(b.key);
}

function describe(writes: Record<string, number>): string {
  const entries = Object.entries(writes);
  return entries.length === 0 ? 'none' : entries.map(([table, rows]) => `${table} ${rows}`).join(', ');
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

await main();
