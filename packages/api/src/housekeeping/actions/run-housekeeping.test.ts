import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { findNode } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { CA_CERTS_JOB, HOUSEKEEPING_JOB } from '@fleet/sim';
import { asgsJob, housekeepingJob, instanceStatusJob, nodeHealthJob, SyncScheduler } from '@fleet/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey } from '../../test/harness.ts';
import { buildsCarrying, type JenkinsWorld, signedInAs, startJenkinsWorld } from '../../test/jenkins-world.ts';

describe.each(testDatabases())('housekeeping runs through the guard against the simulated Jenkins, on $name', (target) => {
  let db: TestDatabase;
  let world: JenkinsWorld;
  let scheduler: SyncScheduler;
  let oscar: Awaited<ReturnType<typeof signedInAs>>;
  const followKey = 'jenkins.housekeeping:ci-int';
  const failing = () => world.sim.world.scenario!.jenkins!.housekeepingFailingNode!;

  async function request(limit: string) {
    const input = { controller: 'ci-int', limit, tags: '' };
    const { preview } = await oscar.actions.preview({ action: 'housekeeping.run', target: HOUSEKEEPING_JOB, input });
    return { target: HOUSEKEEPING_JOB, input, previewFingerprint: preview.fingerprint, confirmation: HOUSEKEEPING_JOB, reason: 'clean the disk that keeps filling', idempotencyKey: newKey() };
  }

  async function follow(done: () => Promise<boolean>) {
    for (let i = 0; i < 60 && !(await done()); i += 1) {
      world.sim.world.advance(10_000);
      await scheduler.runNow(followKey);
    }
    expect(await done()).toBe(true);
  }

  beforeAll(async () => {
    db = await target.open();
    world = await startJenkinsWorld({ housekeeping: { hostnames: ['private-ip-address'], jobs: [{ job: HOUSEKEEPING_JOB }, { job: CA_CERTS_JOB }] } });
    const prod = world.config.aws.productionAccounts[0]!;
    const clientConfig = { region: 'us-east-1', endpoint: world.sim.url, credentials: world.sim.credentialsFor(prod.id), maxAttempts: 3 };
    scheduler = new SyncScheduler({ prisma: db.prisma, config: world.config, now: () => new Date() }, [
      asgsJob(prod, 'us-east-1', { intervalMs: 60_000, refreshingIntervalMs: 60_000, clients: { autoScaling: new AutoScalingClient(clientConfig), ec2: new EC2Client(clientConfig) } }),
      instanceStatusJob(prod, 'us-east-1', 60_000, new EC2Client(clientConfig)),
      housekeepingJob({ controller: world.config.jenkins!.controllers[0]!, intervalMs: 60_000, client: world.jenkins })!,
      nodeHealthJob(60_000),
    ]);
    for (const key of ['autoscaling.groups:320000000002:us-east-1', 'ec2.instance-status:320000000002:us-east-1', followKey]) await scheduler.runNow(key);
    oscar = await signedInAs(db.prisma, world.config, 'oscar');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  it('lists each configured job with its newest runs, and the hosts × runs matrix where the failing node stands out', async () => {
    const jobs = await oscar.housekeeping.jobs();
    expect(jobs.map((j) => j.job)).toEqual([HOUSEKEEPING_JOB, CA_CERTS_JOB]);
    expect(jobs[0]!.runs[0]).toMatchObject({ state: expect.stringMatching(/succeeded|failed/), recap: { recapSeen: true, headline: expect.any(String) } });
    const matrix = await oscar.housekeeping.matrix({ controller: 'ci-int', job: HOUSEKEEPING_JOB, runs: 3 });
    expect(matrix.runs).toHaveLength(3);
    expect(matrix.hosts[0]).toMatchObject({ instanceId: failing().instanceId, failedRuns: 3 });
    expect(matrix.cells.filter((c) => c.host === matrix.hosts[0]!.host).map((c) => c.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('runs the job on one node from its host name, and the run’s page shows that host’s recap and its node', async () => {
    const hosts = await oscar.housekeeping.hostOfNode({ instanceId: failing().instanceId });
    const host = hosts[0]!.host!;
    expect(host).toBe((await findNode(db.prisma, failing().instanceId))!.privateIp);
    const req = await request(host);
    const { preview } = await oscar.actions.preview({ action: 'housekeeping.run', target: HOUSEKEEPING_JOB, input: req.input });
    expect(preview.summary).toBe(`Run ${HOUSEKEEPING_JOB} on ci-int on the hosts ${host}${preview.summary.includes('about') ? preview.summary.slice(preview.summary.indexOf(', about')) : '.'}`);
    const outcome = await oscar.housekeeping.run(req);
    expect(outcome.state).toBe('succeeded');
    const { runId } = outcome.result as { runId: string };
    await follow(async () => (await oscar.housekeeping.get({ id: runId })).log.complete);
    const run = await oscar.housekeeping.get({ id: outcome.journalId });
    expect(run).toMatchObject({ id: runId, limit: host, startedBy: { kind: 'portal', name: 'oscar' }, state: 'failed', recap: { hostsTotal: 1, hostsFailed: 1 } });
    expect(run.hosts).toEqual([expect.objectContaining({ host, instanceId: failing().instanceId, failures: [expect.objectContaining({ outcome: 'failed', task: 'Check free space on /', message: expect.stringContaining('full after cleanup') })] })]);
  });

  it('names each recap host’s node on the run’s page even when the run was read before its nodes were', async () => {
    const newest = (await oscar.housekeeping.jobs())[0]!.runs.find((run) => run.recap && !run.limit)!;
    const joined = (await oscar.housekeeping.get({ id: newest.id })).hosts.filter((h) => h.instanceId !== null).length;
    expect(joined).toBeGreaterThan(1);
    // As after a start: the jobs' history is read before the first Auto Scaling sync, so no host had a node yet.
    await db.prisma.housekeepingHost.updateMany({ where: { buildId: newest.id }, data: { instanceId: null } });
    const run = await oscar.housekeeping.get({ id: newest.id });
    expect(run.hosts.find((h) => h.counts.failed > 0)).toMatchObject({ instanceId: failing().instanceId });
    expect(run.hosts.filter((h) => h.instanceId !== null)).toHaveLength(joined);
  });

  it('refuses a limit that is not host names or patterns, before anything reaches Jenkins', async () => {
    await expect(oscar.actions.preview({ action: 'housekeeping.run', target: HOUSEKEEPING_JOB, input: { controller: 'ci-int', limit: '127.0.0.1; rm -rf /', tags: '' } })).rejects.toMatchObject({
      message: expect.stringContaining('must be host names, groups or patterns'),
    });
  });

  it('starts one run when the answer to the trigger is lost', async () => {
    world.sim.faults.inject({ service: 'jenkins', action: 'buildWithParameters', kind: 'drop-response' });
    const outcome = await oscar.housekeeping.run(await request(''));
    expect(outcome.state).toBe('succeeded');
    expect(await buildsCarrying(world.jenkins, HOUSEKEEPING_JOB, outcome.journalId)).toBe(1);
  });
});
