import { type FleetConfig, shortSha } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { BAKE_JOB, type Simulator } from '@fleet/sim';
import { bakesJob, imagesJob, infraRepoJob, SyncScheduler } from '@fleet/sync';
import { simulatedImageClients } from '@fleet/sync/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey } from '../../test/harness.ts';
import { type JenkinsWorld, signedInAs, startJenkinsWorld } from '../../test/jenkins-world.ts';

// The preview says what build_images.sh will do; the job then runs in the simulator and its console says what it did.
describe.each(testDatabases())('the bake preview and the bake job agree on the last bake, on $name', (target) => {
  let db: TestDatabase;
  let world: JenkinsWorld;
  let sim: Simulator;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  let oscar: Awaited<ReturnType<typeof signedInAs>>;
  const followKey = 'jenkins.bakes:ci-int';

  beforeAll(async () => {
    db = await target.open();
    world = await startJenkinsWorld({ bake: { job: BAKE_JOB } });
    ({ sim, config } = world);
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(config.aws.buildAccount, 'us-east-1', 60_000, simulatedImageClients(sim, config)),
      infraRepoJob(sim.infraRepoPath, 60_000),
      bakesJob({ jenkins: config.jenkins!, workerTypes: config.workerTypes.map((w) => w.key), intervalMs: 60_000, client: world.jenkins, buildAccountClients: () => simulatedImageClients(sim, config) })!,
    ]);
    await scheduler.runAll();
    oscar = await signedInAs(db.prisma, config, 'oscar');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  /** Previews the bake, starts it, and follows it through the simulated Jenkins to its end. */
  async function bake(commit: string, workerTypes: string[]) {
    const input = { commit, workerTypes };
    const { preview } = await oscar.actions.preview({ action: 'bake.start', target: shortSha(commit), input });
    const outcome = await oscar.bakes.start({ target: shortSha(commit), input, previewFingerprint: preview.fingerprint, confirmation: shortSha(commit), reason: 'the preview and the job agree', idempotencyKey: newKey() });
    expect(outcome.state).toBe('succeeded');
    const { bakeId } = outcome.result as { bakeId: string };
    for (let minutes = 0; minutes < 180; minutes += 1) {
      const ran = await oscar.bakes.get({ id: bakeId });
      if (ran.log.complete && ran.state !== 'queued' && ran.state !== 'running') return { plan: preview.details, ran };
      sim.world.advance(60_000);
      await scheduler.runNow(followKey);
    }
    throw new Error(`the bake of ${shortSha(commit)} did not end within three simulated hours`);
  }

  it('re-tags the head when nothing changed packer/ since the last bake, as the preview said', async () => {
    const head = sim.world.head().sha;
    const last = sim.world.builds.at(-1)!.commit;
    const { plan, ran } = await bake(head, []);
    expect(plan).toMatchObject({ mode: 're-tag', since: last });
    expect(ran).toMatchObject({ mode: 're-tag', sinceCommit: shortSha(last), result: 'SUCCESS' });
    expect(ran.amis.every((ami) => ami.retagged)).toBe(true);
  });

  it('bakes the head in full after a rebuild of the lineage’s missing cell at an old commit, as the preview said', async () => {
    const head = sim.world.head().sha;
    const { commit: old, workerType } = sim.world.scenario!.partialFailure!;
    const rebuild = await bake(old, [workerType]);
    expect(rebuild.ran).toMatchObject({ mode: 'full-bake', commit: old, amis: [{ workerType, retagged: false }] });
    // The lineage's newest commit with a built AMI is still the head; the job's last bake is the old commit.
    expect(sim.world.builds.at(-1)!.commit).toBe(old);

    const { plan, ran } = await bake(head, []);
    expect(plan).toMatchObject({ mode: 'full-bake', since: old, packerCommits: expect.arrayContaining([{ sha: head, subject: expect.any(String) }]) });
    expect(ran).toMatchObject({ mode: 'full-bake', sinceCommit: shortSha(old), commit: head, result: 'SUCCESS' });
    const made = await db.prisma.ami.findMany({ where: { imageId: { in: ran.amis.map((ami) => ami.imageId) } } });
    expect(made.map((ami) => ami.builtCommit)).toEqual(config.workerTypes.map(() => head));
  });
});
