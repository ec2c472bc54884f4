import { listRequestedSyncs } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import type { Simulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRefreshWorld, type PortalCaller, type RefreshWorld, signedInAs } from '../../test/refresh-world.ts';

const CURRENT = 'ci-int-jenkins-worker-centos7-builder';
const BEHIND = 'ci-int-jenkins-worker-centos7-tester';
const LATEST = 'ci-int-jenkins-worker-rhel7-builder';
const preferences = { minHealthyPercentage: 50, skipMatching: false };

describe.each(testDatabases())('refresh actions through the guard against the simulator, on $name', (target) => {
  let world: RefreshWorld;
  let db: TestDatabase;
  let sim: Simulator;
  let config: RefreshWorld['config'];
  let oscar: PortalCaller;
  // The world's clock stands still: a refresh started here stays in progress until a test moves it.
  const historyEnd = new Date(Date.UTC(2025, 2, 14));
  const frozenAt = new Date(historyEnd.getTime() + 3_600_000);

  beforeAll(async () => {
    world = await openRefreshWorld(target, { historyEnd, clock: () => frozenAt, timeScale: 1 });
    ({ db, sim, config, oscar } = world);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => world?.close());

  const resync = (only?: string[]) => world.resync(only);
  const request = <I extends object = { preferences: typeof preferences }>(group: string, action = 'asg.refresh.start', input: I = { preferences } as I) =>
    world.request(group, action, input);

  it('starts a refresh with the confirmed preferences, records who started it, and audits it', async () => {
    const { preview } = await oscar.actions.preview({ action: 'asg.refresh.start', target: CURRENT, input: { preferences } });
    expect(preview.summary).toMatch(/^Replace \d+ of \d+ instances of ci-int-jenkins-worker-centos7-builder/);
    const outcome = await oscar.asgs.startRefresh(await request(CURRENT));
    expect(outcome.state).toBe('succeeded');
    const refreshId = (outcome.result as { refreshId: string }).refreshId;
    const active = sim.world.fleet.activeRefresh(CURRENT);
    expect(active?.instanceRefreshId).toBe(refreshId);
    expect(active?.preferences).toMatchObject({ minHealthyPercentage: 50, skipMatching: false });
    const stored = await db.prisma.instanceRefresh.findUniqueOrThrow({ where: { id: refreshId } });
    expect(stored.startedBy).toBe('oscar');
    const audit = await oscar.audit.list({ action: 'asg.refresh.start', target: CURRENT });
    expect(audit.items.map((e) => [e.user, e.outcome])).toContainEqual(['oscar', 'succeeded']);
    // The worker is asked to read the group's account now, and so follows the refresh from its start.
    const group = await db.prisma.asg.findUniqueOrThrow({ where: { name: CURRENT } });
    expect(await listRequestedSyncs(db.prisma)).toContain(`autoscaling.groups:${group.accountId}:${group.region}`);
  });

  it('lists on an AMI the groups that launch it and how many instances run it', async () => {
    const group = await db.prisma.asg.findUniqueOrThrow({ where: { name: BEHIND } });
    const running = await db.prisma.asgInstance.count({ where: { asgName: BEHIND, imageId: group.imageId, goneAt: null } });
    await db.prisma.ami.upsert({
      where: { imageId: group.imageId! },
      create: { imageId: group.imageId!, accountId: config.aws.buildAccount.id, region: 'us-east-1', name: 'seen for the test', state: 'available', creationDate: new Date(), tags: {}, firstSeenAt: new Date(), lastSeenAt: new Date() },
      update: {},
    });
    const ami = await oscar.lineage.ami({ imageId: group.imageId! });
    expect(ami.asgs).toContainEqual({ name: BEHIND, inLaunchTemplate: true, instances: running });
    expect(running).toBeGreaterThan(0);
  });

  it('does one thing for a repeated idempotency key', async () => {
    const first = await request(BEHIND);
    const [a, b] = [await oscar.asgs.startRefresh(first), await oscar.asgs.startRefresh(first)];
    expect(b.replayed).toBe(true);
    expect(b.journalId).toBe(a.journalId);
    expect(sim.world.fleet.refreshesOf(BEHIND).filter((r) => r.status === 'Pending' || r.status === 'InProgress')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent starts on one group through', async () => {
    const group = 'ci-int-jenkins-worker-rhel8-gpu';
    const before = sim.world.fleet.refreshesOf(group).length;
    const [one, two] = [await request(group), await request(group)];
    const results = await Promise.allSettled([oscar.asgs.startRefresh(one), oscar.asgs.startRefresh(two)]);
    const started = results.filter((r) => r.status === 'fulfilled' && r.value.state === 'succeeded');
    expect(started).toHaveLength(1);
    expect(sim.world.fleet.refreshesOf(group).length).toBe(before + 1);
  });

  it('cancels the refresh in progress', async () => {
    const outcome = await oscar.asgs.cancelRefresh(await request(CURRENT, 'asg.refresh.cancel', {} as Record<string, never>));
    expect(outcome.state).toBe('succeeded');
    expect(['Cancelling', 'Cancelled']).toContain(sim.world.fleet.refreshesOf(CURRENT)[0]!.status);
  });

  it('refuses a rollback AWS would refuse, saying why, before anyone confirms', async () => {
    sim.world.fleet.startInstanceRefresh(LATEST, { preferences: { minHealthyPercentage: 90 } });
    await resync([LATEST]);
    await expect(oscar.actions.preview({ action: 'asg.refresh.rollback', target: LATEST, input: {} })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/AWS would refuse to roll back .*(desired configuration|\$Latest)/),
    });
  });

  it('says why and from how far the seeded failed refresh was rolled back', async () => {
    const name = sim.world.scenario!.fleet!.autoRolledBack!;
    const detail = await oscar.asgs.get({ name });
    const rolledBack = detail.history.find((r) => r.status === 'RollbackSuccessful')!;
    const simulated = sim.world.fleet.refreshesOf(name).find((r) => r.status === 'RollbackSuccessful')!.rollbackDetails!;
    expect(rolledBack.rollback).toEqual({
      reason: simulated.rollbackReason,
      startTime: simulated.rollbackStartTime,
      percentageComplete: simulated.percentageCompleteOnRollback,
      instancesToUpdate: simulated.instancesToUpdateOnRollback,
    });
    expect(rolledBack.rollback!.reason).toMatch(/rolling back automatically/);
    expect(detail.history.filter((r) => r.status !== 'RollbackSuccessful' && !r.status.startsWith('Rollback')).every((r) => r.rollback === null)).toBe(true);
  });

  it('keeps a refresh on its group’s page for a while after it ended, apart from the one in progress', async () => {
    sim.world.advance(10 * 60_000);
    await resync([CURRENT]);
    const soon = await signedInAs(db.prisma, config, 'alice', () => new Date(frozenAt.getTime() + 11 * 60_000));
    const detail = await soon.asgs.get({ name: CURRENT });
    expect(detail.current).toBeNull();
    expect(detail.justEnded).toMatchObject({ status: 'Cancelled', startedBy: 'oscar' });
    const later = await signedInAs(db.prisma, config, 'alice', () => new Date(frozenAt.getTime() + 3 * 3_600_000));
    expect((await later.asgs.get({ name: CURRENT })).justEnded).toBeNull();
  });
});
