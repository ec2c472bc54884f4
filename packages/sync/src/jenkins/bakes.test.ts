import { randomUUID } from 'node:crypto';
import { findJenkinsBuild, findJenkinsBuildByAction, listJenkinsBuilds, readBuildLogLines, recordQueueState, recordTriggeredBuild } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { BAKE_JOB } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesJob } from '../aws/images.ts';
import { infraRepoJob } from '../git/infra-repo.ts';
import type { SyncJob } from '../job.ts';
import { SyncScheduler } from '../scheduler.ts';
import { simulatedImageClients } from '../testing/index.ts';
import { startSyncWorld, type SyncWorld } from '../test/sync-world.ts';
import { bakesJob } from './bakes.ts';

interface StoredStage {
  workerType: string;
  stage: string;
  amiId: string | null;
  failure: { line: string } | null;
}

const stagesOf = (summary: unknown) => ((summary as { workerTypes?: StoredStage[] }).workerTypes ?? []).map((w) => [w.workerType, w.stage]);

describe.each(testDatabases())('following the AMI bake job into $name', (target) => {
  let db: TestDatabase;
  let world: SyncWorld;
  let bakes: SyncJob;
  let scheduler: SyncScheduler;

  const sim = () => world.sim;
  const makeBakesJob = () =>
    bakesJob({
      jenkins: world.config.jenkins!,
      workerTypes: world.config.workerTypes.map((w) => w.key),
      intervalMs: 60_000,
      client: world.jenkins,
      buildAccountClients: () => simulatedImageClients(world.sim, world.config),
    })!;

  beforeAll(async () => {
    db = await target.open();
    world = await startSyncWorld(({ url, user }) => `jenkins: { controllers: [{ name: ci-int, url: "${url}", user: ${user}, bake: { job: ${BAKE_JOB} } }] }`);
    bakes = makeBakesJob();
    scheduler = new SyncScheduler({ prisma: db.prisma, config: world.config, now: () => new Date() }, [
      bakes,
      imagesJob(world.config.aws.buildAccount, 'us-east-1', 60_000, simulatedImageClients(world.sim, world.config)),
      infraRepoJob(sim().infraRepoPath, 60_000),
    ]);
    await scheduler.runAll();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  /** Moves the world's clock in steps, following the bake job after each, until `done` holds. */
  async function followUntil(done: () => Promise<boolean>, stepMs: number, maxMs = 60 * 60_000): Promise<void> {
    for (let waited = 0; waited <= maxMs; waited += stepMs) {
      const outcome = await scheduler.runNow(bakes.key);
      if (!outcome?.ok) throw new Error(`the bake sync failed: ${outcome?.errorMessage}`);
      if (await done()) return;
      sim().world.advance(stepMs);
    }
    throw new Error(`not done within ${maxMs / 60_000} simulated minutes`);
  }

  async function storedConsole(id: string): Promise<string> {
    const row = await findJenkinsBuild(db.prisma, id);
    return (await readBuildLogLines(db.prisma, id, 0, row!.logLines)).join('\n');
  }

  async function jenkinsConsole(number: number): Promise<string> {
    const text = (await world.jenkins.progressiveText(BAKE_JOB, number, 0)).text;
    return text.replace(/\r?\n$/, '').replace(/\r\n/g, '\n');
  }

  it('keeps the bake job’s history, each build with who or what started it', async () => {
    const rows = await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 100 });
    const jenkinsBuilds = await world.jenkins.builds(BAKE_JOB, { limit: 25 });
    expect(rows.map((r) => r.number).sort((a, b) => a! - b!)).toEqual(jenkinsBuilds.map((b) => b.number).sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.causeKind))).toContain('scm');
    const byUser = rows.find((r) => r.causeKind === 'user');
    expect(byUser?.startedBy).toEqual(expect.any(String));
    expect(rows.every((r) => r.building === false && r.result !== null)).toBe(true);
  });

  it('stores a finished bake’s whole console and reads every worker type’s result from it', async () => {
    const [newest] = await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 });
    await followUntil(async () => (await findJenkinsBuild(db.prisma, newest!.id))!.logComplete, 1_000, 1_000);
    expect(await storedConsole(newest!.id)).toBe(await jenkinsConsole(newest!.number!));
  });

  it('follows a bake of a packer commit from start to finish: its console line by line, each worker type to its AMI, and the AMIs in the store at once', async () => {
    const { commit } = await sim().world.commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: install jq on every worker' });
    sim().world.advance(6_000);
    let row = (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0];
    await followUntil(async () => {
      row = (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0];
      return (row?.parameters as Record<string, string>)?.INFRA_COMMIT === commit.sha || row?.causeKind === 'scm' && row.building;
    }, 2_000, 60_000);
    const id = row!.id;
    // Part way: some lines stored, the mode known, no worker type finished.
    await followUntil(async () => stagesOf((await findJenkinsBuild(db.prisma, id))!.summary).some(([, stage]) => stage === 'building'), 30_000);
    const partWay = (await findJenkinsBuild(db.prisma, id))!;
    expect(partWay.building).toBe(true);
    expect(partWay.logLines).toBeGreaterThan(10);
    expect(partWay.summary).toMatchObject({ mode: 'full-bake' });

    await followUntil(async () => (await findJenkinsBuild(db.prisma, id))!.logComplete, 60_000);
    const done = (await findJenkinsBuild(db.prisma, id))!;
    expect(done.result).toBe('SUCCESS');
    expect(stagesOf(done.summary)).toEqual(world.config.workerTypes.map((w) => [w.key, 'done']));
    expect(await storedConsole(id)).toBe(await jenkinsConsole(done.number!));
    // The image sync ran when the bake ended: every AMI it made is already in the store.
    const made = ((done.summary as unknown as { workerTypes: StoredStage[] }).workerTypes).map((w) => w.amiId!);
    const stored = await db.prisma.ami.findMany({ where: { imageId: { in: made } }, select: { builtCommit: true } });
    expect(stored).toHaveLength(world.config.workerTypes.length);
    expect(stored.every((a) => a.builtCommit === commit.sha)).toBe(true);
  });

  it('names the worker type that failed and its failing line', async () => {
    sim().world.jenkins.failBakeOf('rhel8-gpu', { task: 'jenkins_agent : Install the JDK', message: 'No package java-17-openjdk-headless available.' });
    await sim().world.commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: move to Java 21' });
    sim().world.advance(6_000);
    await followUntil(async () => (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0]!.building, 2_000, 60_000);
    const id = (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0]!.id;
    await followUntil(async () => (await findJenkinsBuild(db.prisma, id))!.logComplete, 60_000);
    const done = (await findJenkinsBuild(db.prisma, id))!;
    expect(done.result).toBe('FAILURE');
    const gpu = (done.summary as unknown as { workerTypes: StoredStage[] }).workerTypes.find((w) => w.workerType === 'rhel8-gpu')!;
    expect(gpu.stage).toBe('failed');
    expect(gpu.failure?.line).toMatch(/fatal: \[default\]: FAILED!.*No package java-17-openjdk-headless available/);
  });

  it('picks a running bake’s console up where the store left it after a restart, without a line twice', async () => {
    await sim().world.commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: pin the kernel' });
    sim().world.advance(6_000);
    await followUntil(async () => (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0]!.building, 2_000, 60_000);
    const id = (await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 1 }))[0]!.id;
    sim().world.advance(5 * 60_000);
    await scheduler.runNow(bakes.key);
    // A new process: the same job with no reader in memory.
    bakes = makeBakesJob();
    await scheduler.stop();
    scheduler = new SyncScheduler({ prisma: db.prisma, config: world.config, now: () => new Date() }, [bakes]);
    await followUntil(async () => (await findJenkinsBuild(db.prisma, id))!.logComplete, 60_000);
    const done = (await findJenkinsBuild(db.prisma, id))!;
    expect(await storedConsole(id)).toBe(await jenkinsConsole(done.number!));
    expect(stagesOf(done.summary).every(([, stage]) => stage === 'done')).toBe(true);
  });

  it('follows a bake the portal triggered through the queue, with Jenkins’s own words on why it waits, into its build', async () => {
    const actionId = randomUUID();
    const head = sim().world.head().sha;
    const parameters = { INFRA_COMMIT: head, WORKER_TYPES: 'rhel8-builder', PORTAL_ACTION_ID: actionId };
    const row = await recordTriggeredBuild(db.prisma, { id: randomUUID(), kind: 'bake', controller: 'ci-int', job: BAKE_JOB, actionId, parameters, startedBy: 'oscar', requestedAt: new Date() });
    const { queueId } = await world.jenkins.buildWithParameters(BAKE_JOB, parameters);
    await recordQueueState(db.prisma, row.id, { queueId, state: 'waiting' }, new Date());
    await scheduler.runNow(bakes.key);
    const waiting = (await findJenkinsBuildByAction(db.prisma, actionId))!;
    expect(waiting).toMatchObject({ number: null, queueState: 'waiting', queueWhy: expect.stringMatching(/quiet period/i) });

    await followUntil(async () => (await findJenkinsBuildByAction(db.prisma, actionId))!.logComplete, 5_000, 30 * 60_000);
    const done = (await findJenkinsBuildByAction(db.prisma, actionId))!;
    expect(done).toMatchObject({ id: row.id, causeKind: 'portal', startedBy: 'oscar', result: 'SUCCESS', queueState: 'left' });
    expect(done.number).toEqual(expect.any(Number));
    expect(await listJenkinsBuilds(db.prisma, { kind: 'bake', limit: 200, parameter: { name: 'PORTAL_ACTION_ID', value: actionId } })).toHaveLength(1);
  });
});
