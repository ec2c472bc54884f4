import { TEST_DATABASE_TIMEOUT_MS, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshFacts } from '../refresh-facts.ts';
import { openRefreshWorld, type RefreshWorld } from '../../test/refresh-world.ts';

const START = 'asg.refresh.start';
const skipMatching = { minHealthyPercentage: 50, skipMatching: true };
const replaceAll = { minHealthyPercentage: 50, skipMatching: false };

describe.each(testDatabases())('what a refresh start really does, and when it is refused, on $name', (target) => {
  let world: RefreshWorld;
  // The world's clock stands still: a refresh started here stays in progress.
  const historyEnd = new Date(Date.UTC(2025, 2, 14));
  const frozenAt = new Date(historyEnd.getTime() + 3_600_000);

  beforeAll(async () => {
    world = await openRefreshWorld(target, { historyEnd, clock: () => frozenAt, timeScale: 1 }, { policies: [{ action: START, target: '*', fourEyes: false, coolDown: 30 * 60_000 }] });
    await world.syncLineage();
    // The AMI, sharing and git syncs come on top of the usual world: on a busy machine they take a while.
  }, 2 * TEST_DATABASE_TIMEOUT_MS);
  afterAll(() => world?.close());

  const scenario = () => world.sim.world.scenario!.fleet!;
  const preview = async (group: string, preferences: typeof skipMatching) => {
    const { preview } = await world.oscar.actions.preview({ action: START, target: group, input: { preferences } });
    return { ...preview, facts: (preview.details as { facts: RefreshFacts }).facts };
  };
  /** The build commit as the simulated AWS tags the AMI, not as the portal read it. */
  const buildCommitOf = (imageId: string) => world.sim.world.images.get(imageId)!.tags.get(world.config.aws.buildAccount.id)!.get(world.config.tags.builtCommit!)!;
  const templateImageOf = async (group: string) => (await world.db.prisma.asg.findUniqueOrThrow({ where: { name: group } })).imageId!;
  const refreshesOf = (group: string) => world.sim.world.fleet.refreshesOf(group).length;
  const deniedStarts = async (group: string) => (await world.oscar.audit.list({ action: START, target: group })).items.filter((e) => e.outcome === 'denied');

  /** A group on its type's newest shared AMI, where that is the newest AMI (or is not, as a newer one is not shared yet). */
  async function currentGroup(newestShared: boolean): Promise<string> {
    const groups = await world.db.prisma.asg.findMany({ where: { name: { in: scenario().current } } });
    const unshared = world.sim.world.scenario!.notYetShared;
    const group = groups.find((g) => unshared.includes(world.sim.world.currentImage(g.workerType!)!.imageId) !== newestShared);
    if (!group) throw new Error(`the simulated fleet has no current group whose newest AMI is ${newestShared ? '' : 'not '}shared`);
    return group.name;
  }

  it('names the AMI new instances get, the commit it was built at, its sharing, and that it is the newest', async () => {
    const group = await currentGroup(true);
    const imageId = await templateImageOf(group);
    const { summary, facts } = await preview(group, replaceAll);
    expect(facts.target).toMatchObject({ imageId, builtAt: buildCommitOf(imageId) });
    expect(facts.target!.commitUrl).toBe(`https://gitlab.example.com/app-sre/infra/-/commit/${buildCommitOf(imageId)}`);
    expect(facts).toMatchObject({ commitsBehindNewest: 0, shared: true, accountName: 'app-sre' });
    expect(summary).toContain(`new instances get ${imageId} built at ${buildCommitOf(imageId).slice(0, 7)}, the newest AMI of its worker type`);
  });

  it('says how far the target trails a newer AMI production may not launch yet', async () => {
    const group = await currentGroup(false);
    const row = await world.db.prisma.asg.findUniqueOrThrow({ where: { name: group } });
    const newest = world.sim.world.currentImage(row.workerType!)!.imageId;
    const { summary, facts } = await preview(group, replaceAll);
    expect(facts).toMatchObject({ newest: { imageId: newest, builtAt: buildCommitOf(newest) }, newestShared: false, shared: true, commitsBehindNewest: 1 });
    expect(summary).toContain(`1 commit behind the newest, ${newest} at ${buildCommitOf(newest).slice(0, 7)} (not shared with app-sre)`);
  });

  it('replaces only the instances on an older AMI with skip matching, and lists the packer commits that change on them', async () => {
    const group = scenario().olderInstances!;
    const stored = await world.db.prisma.asg.findUniqueOrThrow({ where: { name: group }, include: { instances: { where: { goneAt: null } } } });
    const older = stored.instances.filter((i) => i.imageId !== stored.imageId);
    expect(older.length).toBeGreaterThan(0);
    const { facts } = await preview(group, skipMatching);
    expect(facts.replaced).toBe(older.length);
    expect(facts.skipped).toBe(stored.instances.length - older.length);
    // What git says independently: the commits after the older AMI's build up to the target's that touched packer/.
    const commits = world.sim.world.commits;
    const [from, to] = [buildCommitOf(older[0]!.imageId!), buildCommitOf(stored.imageId!)];
    const between = commits.slice(commits.findIndex((c) => c.sha === from) + 1, commits.findIndex((c) => c.sha === to) + 1);
    const expected = between.filter((c) => c.touchesPacker).map((c) => c.sha).reverse();
    expect(expected.length).toBeGreaterThan(0);
    const change = facts.changes.find((c) => c.from?.imageId === older[0]!.imageId)!;
    expect(change.direction).toBe('forward');
    expect([...change.instances].sort()).toEqual(older.filter((i) => i.imageId === older[0]!.imageId).map((i) => i.instanceId).sort());
    expect(change.packerCommits.map((c) => c.sha)).toEqual(expected);
    expect(change.packerCommits[0]!.subject).toBe(commits.find((c) => c.sha === expected[0])!.message.split('\n')[0]);
    expect(change.compareUrl).toBe(`https://gitlab.example.com/app-sre/infra/-/compare/${from}...${to}`);
  });

  it('refuses a start that would replace nothing, audits the refusal and starts no cool-down: replacing all stays possible', async () => {
    const group = await currentGroup(true);
    const noOp = await preview(group, skipMatching);
    expect(noOp.summary).toMatch(/^Replace 0 of \d+ instances/);
    expect(noOp.refusal).toMatchObject({ code: 'nothing-to-replace', message: expect.stringMatching(/already runs ami-\w+, so with skip matching the refresh would replace nothing/) });
    const before = refreshesOf(group);
    await expect(world.oscar.asgs.startRefresh(await world.request(group, START, { preferences: skipMatching }))).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/^refused \(nothing-to-replace\): every in-service instance of .* replace nothing/),
    });
    expect(refreshesOf(group)).toBe(before);
    expect((await deniedStarts(group)).map((e) => [e.errorCode, e.errorMessage])).toEqual([['preview-refused', expect.stringContaining('replace nothing')]]);
    const { checks } = await world.oscar.actions.checks({ action: START, target: group });
    expect(checks.find((c) => c.check === 'cool-down')?.status).toBe('pass');

    const all = await world.oscar.asgs.startRefresh(await world.request(group, START, { preferences: replaceAll }));
    expect(all.state).toBe('succeeded');
    expect(refreshesOf(group)).toBe(before + 1);
    // The successful start is what begins the cool-down: the refusal before it did not.
    const after = await world.oscar.actions.checks({ action: START, target: group });
    expect(after.checks.find((c) => c.check === 'cool-down')?.status).toBe('fail');
  });

  it('refuses a move to an AMI the group’s account may not launch, before anything reaches AWS', async () => {
    const group = await currentGroup(false);
    const imageId = await templateImageOf(group);
    world.sim.world.unshare(imageId);
    await world.syncLineage();
    const { facts, refusal, summary } = await preview(group, replaceAll);
    expect(facts.shared).toBe(false);
    expect(summary).toContain('it is not shared with app-sre, so they would fail to launch');
    expect(refusal).toMatchObject({ code: 'ami-not-shared' });
    const calls = world.sim.faults.requests('StartInstanceRefresh', 'autoscaling');
    await expect(world.oscar.asgs.startRefresh(await world.request(group, START, { preferences: replaceAll }))).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining(`${imageId} is not shared with account app-sre (320000000002), so every new instance would fail to launch`),
    });
    expect(world.sim.faults.requests('StartInstanceRefresh', 'autoscaling')).toBe(calls);
    expect(await deniedStarts(group)).toHaveLength(1);
    const { checks } = await world.oscar.actions.checks({ action: START, target: group });
    expect(checks.find((c) => c.check === 'cool-down')?.status).toBe('pass');
  });
});
