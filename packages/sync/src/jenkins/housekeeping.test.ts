import { randomUUID } from 'node:crypto';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { findJenkinsBuildByAction, findNode, listHousekeepingHosts, listJenkinsBuilds, recordQueueState, recordTriggeredBuild } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { CA_CERTS_JOB, HOUSEKEEPING_JOB } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asgsJob } from '../aws/groups.ts';
import { instanceStatusJob } from '../aws/instance-status.ts';
import type { SyncJob } from '../job.ts';
import { nodeHealthJob } from '../nodes/health.ts';
import { SyncScheduler } from '../scheduler.ts';
import { startSyncWorld, type SyncWorld } from '../test/sync-world.ts';
import { housekeepingJob } from './housekeeping.ts';

describe.each(testDatabases())('following the housekeeping jobs into $name', (target) => {
  let db: TestDatabase;
  let world: SyncWorld;
  let housekeeping: SyncJob;
  let scheduler: SyncScheduler;
  const failing = () => world.sim.world.scenario!.jenkins!.housekeepingFailingNode!;

  beforeAll(async () => {
    db = await target.open();
    world = await startSyncWorld(
      ({ url, user }) =>
        `jenkins: { controllers: [{ name: ci-int, url: "${url}", user: ${user}, housekeeping: { hostnames: [private-ip-address], jobs: [{ job: ${HOUSEKEEPING_JOB} }, { job: ${CA_CERTS_JOB} }] } }] }`,
    );
    const prod = world.config.aws.productionAccounts[0]!;
    const clientConfig = { region: 'us-east-1', endpoint: world.sim.url, credentials: world.sim.credentialsFor(prod.id), maxAttempts: 3 };
    housekeeping = housekeepingJob({ controller: world.config.jenkins!.controllers[0]!, intervalMs: 60_000, client: world.jenkins })!;
    scheduler = new SyncScheduler({ prisma: db.prisma, config: world.config, now: () => new Date() }, [
      asgsJob(prod, 'us-east-1', { intervalMs: 60_000, refreshingIntervalMs: 60_000, clients: { autoScaling: new AutoScalingClient(clientConfig), ec2: world.ec2(prod.id) } }),
      instanceStatusJob(prod, 'us-east-1', 60_000, world.ec2(prod.id)),
      housekeeping,
      nodeHealthJob(60_000),
    ]);
    // The groups first: the hosts of the runs are joined to the nodes they know.
    for (const key of ['autoscaling.groups:320000000002:us-east-1', 'ec2.instance-status:320000000002:us-east-1', housekeeping.key, 'nodes.health']) await scheduler.runNow(key);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  async function followUntil(done: () => Promise<boolean>, stepMs: number, maxMs = 30 * 60_000) {
    for (let waited = 0; waited <= maxMs; waited += stepMs) {
      const outcome = await scheduler.runNow(housekeeping.key);
      if (!outcome?.ok) throw new Error(`the housekeeping sync failed: ${outcome?.errorMessage}`);
      if (await done()) return;
      world.sim.world.advance(stepMs);
    }
    throw new Error(`not done within ${maxMs / 60_000} simulated minutes`);
  }

  it('keeps every run of both jobs with its recap per host, each host joined to its node by its private address', async () => {
    const runs = await listJenkinsBuilds(db.prisma, { kind: 'housekeeping', limit: 100 });
    expect(new Set(runs.map((r) => r.job))).toEqual(new Set([HOUSEKEEPING_JOB, CA_CERTS_JOB]));
    const nightly = runs.filter((r) => r.job === HOUSEKEEPING_JOB && r.causeKind === 'timer');
    expect(nightly.length).toBeGreaterThanOrEqual(3);
    const newest = nightly[0]!;
    expect(newest.logComplete).toBe(true);
    const hosts = await listHousekeepingHosts(db.prisma, newest.id);
    expect(hosts.length).toBeGreaterThan(5);
    const node = await findNode(db.prisma, failing().instanceId);
    expect(hosts.find((h) => h.host === node!.privateIp)).toMatchObject({ instanceId: failing().instanceId, failed: expect.any(Number) });
    expect(hosts.find((h) => h.host === node!.privateIp)!.failed + hosts.find((h) => h.host === node!.privateIp)!.unreachable).toBeGreaterThan(0);
    expect(newest.summary).toMatchObject({ recapSeen: true, hostsTotal: hosts.length });
  });

  it('joins to their nodes the hosts of runs read before the nodes were known, at the next pass', async () => {
    const newest = (await listJenkinsBuilds(db.prisma, { kind: 'housekeeping', limit: 1 }))[0]!;
    await db.prisma.housekeepingHost.updateMany({ where: { buildId: newest.id }, data: { instanceId: null } });
    await scheduler.runNow(housekeeping.key);
    const node = await findNode(db.prisma, failing().instanceId);
    expect((await listHousekeepingHosts(db.prisma, newest.id)).find((h) => h.host === node!.privateIp)?.instanceId).toBe(failing().instanceId);
  });

  it('makes a node that failed housekeeping three nights running a degraded node, its reason linking the newest run', async () => {
    await scheduler.runNow('nodes.health');
    const node = await findNode(db.prisma, failing().instanceId);
    const reason = (node!.reasons as { code: string; message: string; href?: string }[]).find((r) => r.code === 'housekeeping-failing');
    const newest = (await listJenkinsBuilds(db.prisma, { kind: 'housekeeping', limit: 100 })).find((r) => r.job === HOUSEKEEPING_JOB)!;
    expect(reason).toEqual(expect.objectContaining({ message: `housekeeping ${HOUSEKEEPING_JOB} failed in 3 of the last 3 runs`, href: `/housekeeping/runs/${encodeURIComponent(newest.id)}` }));
  });

  it('follows a run the portal started on one node to its recap', async () => {
    const node = await findNode(db.prisma, failing().instanceId);
    const actionId = randomUUID();
    const parameters = { LIMIT: node!.privateIp!, TAGS: '', PORTAL_ACTION_ID: actionId };
    const row = await recordTriggeredBuild(db.prisma, { id: randomUUID(), kind: 'housekeeping', controller: 'ci-int', job: HOUSEKEEPING_JOB, actionId, parameters, startedBy: 'oscar', requestedAt: new Date() });
    const { queueId } = await world.jenkins.buildWithParameters(HOUSEKEEPING_JOB, parameters);
    await recordQueueState(db.prisma, row.id, { queueId, state: 'waiting' }, new Date());
    await followUntil(async () => (await findJenkinsBuildByAction(db.prisma, actionId))!.logComplete, 10_000);
    const done = (await findJenkinsBuildByAction(db.prisma, actionId))!;
    expect(done).toMatchObject({ causeKind: 'portal', startedBy: 'oscar', result: 'FAILURE' });
    expect((await listHousekeepingHosts(db.prisma, done.id)).map((h) => [h.host, h.instanceId])).toEqual([[node!.privateIp, failing().instanceId]]);
  });
});
