import { randomUUID } from 'node:crypto';
import { type FleetConfig, shortSha } from '@fleet/core';
import { findJenkinsBuildByAction, findJournalEntry, recordTriggeredBuild } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import type { JenkinsClient } from '@fleet/jenkins';
import { BAKE_JOB, type Simulator } from '@fleet/sim';
import { bakesJob, imagesJob, infraRepoJob, SyncScheduler } from '@fleet/sync';
import { simulatedImageClients } from '@fleet/sync/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalActions } from '../../guard/portal-actions.ts';
import { reconcileUnfinishedActions } from '../../guard/reconcile.ts';
import { newKey, openCrashedAction } from '../../test/harness.ts';
import { buildsCarrying, type JenkinsWorld, signedInAs, startJenkinsWorld } from '../../test/jenkins-world.ts';

describe.each(testDatabases())('starting and aborting bakes through the guard against the simulated Jenkins, on $name', (target) => {
  let db: TestDatabase;
  let world: JenkinsWorld;
  let sim: Simulator;
  let config: FleetConfig;
  let jenkins: JenkinsClient;
  let scheduler: SyncScheduler;
  let oscar: Awaited<ReturnType<typeof signedInAs>>;
  let unbaked: string;
  let lastBaked: string;
  const followKey = 'jenkins.bakes:ci-int';

  async function request(commit: string, workerTypes: string[], action = 'bake.start') {
    const input = { commit, workerTypes };
    const { preview } = await oscar.actions.preview({ action, target: shortSha(commit), input });
    return { target: shortSha(commit), input, previewFingerprint: preview.fingerprint, confirmation: shortSha(commit), reason: 'bake the fix for the JDK', idempotencyKey: newKey() };
  }

  const inJenkins = (actionId: string) => buildsCarrying(jenkins, BAKE_JOB, actionId);

  beforeAll(async () => {
    db = await target.open();
    world = await startJenkinsWorld({ bake: { job: BAKE_JOB } });
    ({ sim, config, jenkins } = world);
    // A commit that touched packer/ and whose bake was cancelled in the queue: not baked yet.
    const { commit } = await sim.world.commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: install jq on every worker' });
    for (const item of sim.world.jenkins.queue.pending()) sim.world.jenkins.cancel(item.id);
    unbaked = commit.sha;
    lastBaked = sim.world.builds.at(-1)!.commit;
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(config.aws.buildAccount, 'us-east-1', 60_000, simulatedImageClients(sim, config)),
      infraRepoJob(sim.infraRepoPath, 60_000),
      bakesJob({ jenkins: config.jenkins!, workerTypes: config.workerTypes.map((w) => w.key), intervalMs: 60_000, client: jenkins, buildAccountClients: () => simulatedImageClients(sim, config) })!,
    ]);
    await scheduler.runAll();
    oscar = await signedInAs(db.prisma, config, 'oscar');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  it('previews a full bake when packer/ changed since the last bake, naming the commits that changed it', async () => {
    const { preview } = await oscar.actions.preview({ action: 'bake.start', target: shortSha(unbaked), input: { commit: unbaked, workerTypes: [] } });
    expect(preview.summary).toMatch(new RegExp(`^packer/ changed since the last bake \\(${shortSha(lastBaked)}\\): a full bake of 7 worker types at ${shortSha(unbaked)}, about \\d+`));
    expect(preview.details).toMatchObject({ mode: 'full-bake', since: lastBaked, packerCommits: expect.arrayContaining([{ sha: unbaked, subject: 'packer: install jq on every worker' }]), job: BAKE_JOB });
  });

  it('previews a re-tag of the newest AMIs when nothing changed packer/ since the last bake', async () => {
    const { preview } = await oscar.actions.preview({ action: 'bake.start', target: shortSha(lastBaked), input: { commit: lastBaked, workerTypes: ['rhel8-builder'] } });
    expect(preview.summary).toMatch(new RegExp(`^No packer change since the last bake \\(${shortSha(lastBaked)}\\): the newest AMIs of 1 worker type are re-tagged with ${shortSha(lastBaked)}`));
    expect((preview.details as { retags: { workerType: string; imageId: string }[] }).retags).toEqual([{ workerType: 'rhel8-builder', imageId: sim.world.currentImage('rhel8-builder')!.imageId, newestImageId: null }]);
  });

  it('refuses a commit the infra history does not have, and a target that is not the commit’s short sha', async () => {
    await expect(oscar.actions.preview({ action: 'bake.start', target: 'fffffff', input: { commit: 'f'.repeat(40), workerTypes: [] } })).rejects.toMatchObject({ message: expect.stringContaining('has no commit fffffff') });
    await expect(oscar.actions.preview({ action: 'bake.start', target: 'abcdefa', input: { commit: unbaked, workerTypes: [] } })).rejects.toMatchObject({ message: expect.stringContaining(shortSha(unbaked)) });
  });

  it('queues the bake with the journal’s id, follows it, and refuses a second bake of the commit while it waits', async () => {
    const outcome = await oscar.bakes.start(await request(unbaked, ['rhel8-builder']));
    expect(outcome.state).toBe('succeeded');
    const { bakeId, queueId } = outcome.result as { bakeId: string; queueId: number };
    expect(await inJenkins(outcome.journalId)).toBe(1);
    const item = await jenkins.queueItem(queueId);
    expect(item.state === 'gone' ? [] : item.parameters).toEqual(expect.arrayContaining([{ name: 'INFRA_COMMIT', value: unbaked }, { name: 'WORKER_TYPES', value: 'rhel8-builder' }, { name: 'PORTAL_ACTION_ID', value: outcome.journalId }]));
    await scheduler.runNow(followKey);
    expect(await oscar.bakes.get({ id: bakeId })).toMatchObject({ state: 'queued', queue: { state: 'waiting', why: expect.stringMatching(/quiet period/i) }, commit: unbaked, startedBy: { kind: 'portal', name: 'oscar' } });
    // A bake of another commit previewed now says the one ahead of it may change its plan.
    const { preview: behind } = await oscar.actions.preview({ action: 'bake.start', target: shortSha(lastBaked), input: { commit: lastBaked, workerTypes: ['rhel8-builder'] } });
    expect(behind.summary).toMatch(/^No packer change since the last bake/);
    expect(behind.summary).toContain(`A bake is ahead of this one (one waiting in the queue of ${shortSha(unbaked)}): if one ends as a full bake, this one compares with its commit instead`);

    const second = `/bakes/${bakeId}`;
    await expect(request(unbaked, [])).rejects.toMatchObject({ message: expect.stringContaining(second) });
    const sameRequest = { target: shortSha(unbaked), input: { commit: unbaked, workerTypes: [] }, previewFingerprint: 'confirmed before the first bake', confirmation: shortSha(unbaked), reason: 'bake it twice', idempotencyKey: newKey() };
    await expect(oscar.bakes.start(sameRequest)).rejects.toMatchObject({ message: expect.stringContaining(second) });
    const audit = await oscar.audit.list({ action: 'bake.start', target: shortSha(unbaked) });
    expect(audit.items.map((e) => e.outcome)).toEqual(expect.arrayContaining(['succeeded', 'denied']));
    expect(await inJenkins(outcome.journalId)).toBe(1);
  });

  it('finds the bake a lost answer queued instead of queueing a second', async () => {
    sim.faults.inject({ service: 'jenkins', action: 'buildWithParameters', kind: 'drop-response' });
    const outcome = await oscar.bakes.start(await request(lastBaked, ['rhel8-gpu']));
    expect(outcome.state).toBe('succeeded');
    expect(await inJenkins(outcome.journalId)).toBe(1);
    expect((await findJenkinsBuildByAction(db.prisma, outcome.journalId))?.queueId).toEqual(expect.any(Number));
  });

  it('settles after a restart: a trigger that never left fails, one that reached Jenkins succeeds, and neither is sent again', async () => {
    const later = () => new Date(Date.now() + 5 * 60_000);
    const open = async (sentToJenkins: boolean) => {
      const commit = sim.world.commits.at(-3)!.sha;
      const id = await openCrashedAction(db.prisma, { action: 'bake.start', targetKind: 'bake', target: shortSha(commit), parameters: { commit, workerTypes: ['centos7-tester'] }, requestedBy: 'oscar', reason: 'crashed mid-trigger' });
      const parameters = { INFRA_COMMIT: commit, WORKER_TYPES: 'centos7-tester', PORTAL_ACTION_ID: id };
      await recordTriggeredBuild(db.prisma, { id: randomUUID(), kind: 'bake', controller: 'ci-int', job: BAKE_JOB, actionId: id, parameters, startedBy: 'oscar', requestedAt: new Date() });
      if (sentToJenkins) await jenkins.buildWithParameters(BAKE_JOB, parameters);
      return id;
    };
    const lost = await open(false);
    const settled = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: later, actions: portalActions });
    expect(settled.find((r) => r.journalId === lost)).toMatchObject({ to: 'failed' });
    expect((await findJenkinsBuildByAction(db.prisma, lost))?.queueState).toBe('cancelled');

    const sent = await open(true);
    const again = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: later, actions: portalActions });
    expect(again.find((r) => r.journalId === sent)).toMatchObject({ to: 'succeeded' });
    expect((await findJournalEntry(db.prisma, sent))?.state).toBe('succeeded');
    expect(await inJenkins(sent)).toBe(1);
    expect(await inJenkins(lost)).toBe(0);
  });

  it('aborts a running bake; the follower sees it end aborted', async () => {
    const outcome = await oscar.bakes.start(await request(sim.world.commits.at(-2)!.sha, ['centos7-builder']));
    const { bakeId } = outcome.result as { bakeId: string };
    // The bake job runs one build at a time: the bakes queued before this one run first.
    for (let i = 0; i < 120 && (await oscar.bakes.get({ id: bakeId })).state !== 'running'; i += 1) {
      sim.world.advance(60_000);
      await scheduler.runNow(followKey);
    }
    const running = await oscar.bakes.get({ id: bakeId });
    expect(running.state).toBe('running');
    const target = `${BAKE_JOB}#${running.number}`;
    const { preview } = await oscar.actions.preview({ action: 'bake.abort', target, input: { bakeId } });
    expect(preview.summary).toMatch(new RegExp(`^Abort ${target} \\(the bake of ${shortSha(sim.world.commits.at(-2)!.sha)}\\)`));
    const aborted = await oscar.bakes.abort({ target, input: { bakeId }, previewFingerprint: preview.fingerprint, confirmation: target, reason: 'wrong commit, sorry', idempotencyKey: newKey() });
    expect(aborted.state).toBe('succeeded');
    sim.world.advance(1_000);
    await scheduler.runNow(followKey);
    await scheduler.runNow(followKey);
    expect(await oscar.bakes.get({ id: bakeId })).toMatchObject({ state: 'aborted', result: 'ABORTED' });
  });

  it('warns when the re-tag would move an AMI rebuilt at an old commit since, not the newest by commit', async () => {
    type Retags = { retags: { workerType: string; imageId: string; newestImageId: string | null }[]; since: string };
    const retagOf = async (commit: string) => {
      const { preview } = await oscar.actions.preview({ action: 'bake.start', target: shortSha(commit), input: { commit, workerTypes: ['centos7-builder'] } });
      return { summary: preview.summary, details: preview.details as Retags };
    };
    // The last bake the portal knows of re-tags whatever came before it.
    const since = (await retagOf(sim.world.head().sha)).details.since;
    const before = await retagOf(since);
    const newest = before.details.retags[0]!;
    expect(newest.newestImageId).toBeNull();

    const rebuild = sim.world.build({ commit: sim.world.commits[1]!.sha, workerTypes: ['centos7-builder'] });
    await scheduler.runAll();
    const after = await retagOf(since);
    // The job takes the AMI created last: the plan says so, and names the newest it passes over.
    expect(after.details.retags).toEqual([{ workerType: 'centos7-builder', imageId: rebuild.images['centos7-builder'], newestImageId: newest.imageId }]);
    expect(after.summary).toContain(`the AMI created last, which is not the newest by commit (centos7-builder: ${rebuild.images['centos7-builder']}, not ${newest.imageId})`);
  });
});
