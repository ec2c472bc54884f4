import { randomUUID } from 'node:crypto';
import { autoScalingClientFor, startRefresh } from '@fleet/aws';
import { moveJournalEntry, openJournalEntry } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, testDatabases } from '@fleet/db/testing';
import type { FaultSpec } from '@fleet/sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portalActions } from '../../guard/portal-actions.ts';
import { reconcileUnfinishedActions } from '../../guard/reconcile.ts';
import { openRefreshWorld, type RefreshWorld } from '../../test/refresh-world.ts';

const preferences = { minHealthyPercentage: 50, skipMatching: false };
const START = 'asg.refresh.start';
const CANCEL = 'asg.refresh.cancel';

// The simulator runs on the real clock here: the reconciler compares AWS's times with the journal's.
describe.each(testDatabases())('refresh actions under lost answers, AWS faults and dead executors, on $name', (target) => {
  let world: RefreshWorld;
  const used = new Set<string>();

  beforeAll(async () => {
    world = await openRefreshWorld(target);
  }, TEST_DATABASE_TIMEOUT_MS);
  afterAll(() => world?.close());

  // Each test ends with its groups' refreshes cancelled and read back, so the next finds them idle.
  afterEach(async () => {
    world.sim.faults.clear();
    const { fleet } = world.sim.world;
    for (const group of used) if (fleet.activeRefresh(group)?.status !== 'Cancelling' && fleet.activeRefresh(group)) fleet.cancelInstanceRefresh(group, { waitForTransitioningInstances: false });
    for (let waited = 0; [...used].some((g) => fleet.activeRefresh(g)) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    await world.resync([...used]);
    used.clear();
  });

  /** A group no other part of the test uses, with no refresh in progress. */
  function idleGroup(): string {
    const group = world.sim.world.fleet.groups().find((g) => !used.has(g.name) && !world.sim.world.fleet.activeRefresh(g.name));
    if (!group) throw new Error('no idle group left in the simulated fleet');
    used.add(group.name);
    return group.name;
  }

  const refreshesOf = (group: string) => world.sim.world.fleet.refreshesOf(group);
  const startCalls = () => world.sim.faults.requests('StartInstanceRefresh', 'autoscaling');
  const auditOf = (journalId: string) => world.db.prisma.auditEvent.findMany({ where: { journalId }, orderBy: { at: 'asc' } });

  async function startUnder(fault: FaultSpec | null) {
    const group = idleGroup();
    const request = await world.request(group, START, { preferences });
    const [refreshesBefore, callsBefore] = [refreshesOf(group).length, startCalls()];
    if (fault) world.sim.faults.inject({ ...fault, action: 'StartInstanceRefresh' });
    const outcome = await world.oscar.asgs.startRefresh(request);
    return { group, outcome, newRefreshes: refreshesOf(group).slice(0, refreshesOf(group).length - refreshesBefore), calls: startCalls() - callsBefore };
  }

  describe.each([
    { fault: 'drop-response' as const, what: 'the answer is lost after AWS started the refresh' },
    { fault: 'truncate' as const, what: 'the answer is cut off after AWS started the refresh' },
  ])('when $what', ({ fault }) => {
    it('sends StartInstanceRefresh once and ends succeeded with the refresh it started, audited once as succeeded', async () => {
      const { outcome, newRefreshes, calls } = await startUnder({ kind: fault });
      expect(calls).toBe(1);
      expect(newRefreshes).toHaveLength(1);
      expect(outcome).toMatchObject({ state: 'succeeded', result: { refreshId: newRefreshes[0]!.instanceRefreshId } });
      const stored = await world.db.prisma.instanceRefresh.findUniqueOrThrow({ where: { id: newRefreshes[0]!.instanceRefreshId } });
      expect(stored.startedBy).toBe('oscar');
      const terminal = (await auditOf(outcome.journalId)).filter((e) => e.outcome === 'succeeded' || e.outcome === 'failed');
      expect(terminal.map((e) => e.outcome)).toEqual(['succeeded']);
    });
  });

  it('does not retry a StartInstanceRefresh that failed with HTTP 500: it reads AWS back, finds nothing started and says failed', async () => {
    const { outcome, newRefreshes, calls } = await startUnder({ kind: 'internal-error' });
    expect(calls).toBe(1);
    expect(newRefreshes).toHaveLength(0);
    expect(outcome.state).toBe('failed');
  });

  it('does not retry a throttled StartInstanceRefresh: nothing started, and it says AWS throttled it', async () => {
    const { outcome, newRefreshes, calls } = await startUnder({ kind: 'throttle' });
    expect(calls).toBe(1);
    expect(newRefreshes).toHaveLength(0);
    expect(outcome).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/throttl/i) } });
  });

  it('reads InstanceRefreshInProgress, the answer to its one attempt, as someone else’s refresh: failed, nothing started', async () => {
    const { outcome, newRefreshes, calls } = await startUnder({ kind: 'error', code: 'InstanceRefreshInProgress', message: 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.' });
    expect(calls).toBe(1);
    expect(newRefreshes).toHaveLength(0);
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'InstanceRefreshInProgress', message: expect.stringContaining('already in progress') } });
  });

  it('sends a cancel whose answer was lost once, and settles it by reading the refresh back: succeeded', async () => {
    const { group, outcome: started } = await startUnder(null);
    const refreshId = (started.result as { refreshId: string }).refreshId;
    await world.resync([group]);
    const request = await world.request(group, CANCEL, {} as Record<string, never>);
    const before = world.sim.faults.requests('CancelInstanceRefresh', 'autoscaling');
    world.sim.faults.inject({ kind: 'drop-response', action: 'CancelInstanceRefresh' });
    const outcome = await world.oscar.asgs.cancelRefresh(request);
    expect(world.sim.faults.requests('CancelInstanceRefresh', 'autoscaling') - before).toBe(1);
    expect(outcome).toMatchObject({ state: 'succeeded', result: { refreshId } });
    expect(['Cancelling', 'Cancelled']).toContain(refreshesOf(group).find((r) => r.instanceRefreshId === refreshId)?.status);
  });

  /** A start as a process killed mid-action leaves it: running, the executor silent for 20 s. */
  async function deadStart(group: string, startedAt = new Date(Date.now() - 20_000)) {
    const opened = await openJournalEntry(world.db.prisma, {
      id: randomUUID(),
      action: START,
      targetKind: 'asg',
      target: group,
      parameters: { preferences },
      requestedBy: 'oscar',
      reason: 'the portal was killed mid-action',
      idempotencyKey: randomUUID(),
      state: 'queued',
      createdAt: startedAt,
      correlationId: randomUUID(),
      previewFingerprint: 'as-confirmed',
      previewSummary: `refresh ${group}`,
    });
    if (opened.kind !== 'opened') throw new Error(`expected a new journal row on ${group}, found ${opened.kind}`);
    const running = await moveJournalEntry(world.db.prisma, opened.entry.id, ['queued'], 'running', startedAt);
    return running!;
  }

  /** What the dead executor's StartInstanceRefresh did at AWS before the process died. */
  async function sentBeforeDying(group: string) {
    const { launchTemplate } = world.sim.world.fleet.requireGroup(group);
    const prod = world.config.aws.productionAccounts[0]!;
    const full = { ...preferences, maxHealthyPercentage: null, instanceWarmupSeconds: null, checkpointPercentages: [], checkpointDelaySeconds: null, autoRollback: false };
    return startRefresh(autoScalingFor(prod), { asgName: group, launchTemplate: { id: launchTemplate.launchTemplateId, version: launchTemplate.version }, preferences: full }, 'test');
  }
  const autoScalingFor = (account: RefreshWorld['config']['aws']['productionAccounts'][number]) => autoScalingClientFor(account, 'us-east-1', { maxAttempts: 1 });
  const reconcileNow = () => reconcileUnfinishedActions({ prisma: world.db.prisma, config: world.config, now: () => new Date(), actions: portalActions });

  it('credits a start whose executor died after sending with the refresh it started, and keeps its id', async () => {
    const group = idleGroup();
    const journal = await deadStart(group);
    const refreshId = await sentBeforeDying(group);
    const report = await reconcileNow();
    expect(report.find((r) => r.journalId === journal.id)).toMatchObject({ from: 'running', to: 'succeeded' });
    const settled = await world.db.prisma.actionJournal.findUniqueOrThrow({ where: { id: journal.id } });
    expect(settled.result).toEqual({ refreshId });
  });

  it('credits a start that died before sending with nothing, not with the refresh another action owns', async () => {
    const { group, outcome } = await startUnder(null);
    const owned = (outcome.result as { refreshId: string }).refreshId;
    world.sim.world.fleet.cancelInstanceRefresh(group, { waitForTransitioningInstances: false });
    const journal = await deadStart(group, new Date(Date.now() - 15_000));
    const report = await reconcileNow();
    expect(report.find((r) => r.journalId === journal.id)).toMatchObject({ from: 'running', to: 'failed' });
    expect(await world.db.prisma.instanceRefresh.findUniqueOrThrow({ where: { id: owned } })).toMatchObject({ startedBy: 'oscar' });
  });

  it('credits a start that died before sending with nothing, not with a refresh started outside the portal before it', async () => {
    const group = idleGroup();
    world.sim.world.fleet.startInstanceRefresh(group, { preferences: { minHealthyPercentage: 50, skipMatching: false } }, new Date(Date.now() - 50_000));
    world.sim.world.fleet.cancelInstanceRefresh(group, { waitForTransitioningInstances: false });
    const journal = await deadStart(group, new Date(Date.now() - 20_000));
    const report = await reconcileNow();
    expect(report.find((r) => r.journalId === journal.id)).toMatchObject({ from: 'running', to: 'failed' });
  });

  it('waits a while before calling a timed-out start failed: the request may still reach AWS', async () => {
    const group = idleGroup();
    const journal = await deadStart(group, new Date(Date.now() - 15_000));
    await world.db.prisma.actionJournal.update({ where: { id: journal.id }, data: { errorCode: 'TimeoutError' } });
    expect((await reconcileNow()).find((r) => r.journalId === journal.id)).toMatchObject({ to: 'reconciling' });
    // Half a minute on, no refresh appeared: it never landed.
    await world.db.prisma.actionJournal.update({ where: { id: journal.id }, data: { startedAt: new Date(Date.now() - 40_000), leaseUntil: new Date(Date.now() - 1) } });
    expect((await reconcileNow()).find((r) => r.journalId === journal.id)).toMatchObject({ from: 'reconciling', to: 'failed' });
  });

  it('settles a dead executor within seconds with its defaults, not after ten minutes', async () => {
    const group = idleGroup();
    const journal = await deadStart(group);
    await sentBeforeDying(group);
    const report = await reconcileNow();
    expect(report.map((r) => r.journalId)).toContain(journal.id);
  });

  it('lets a cancel through behind a start whose executor died: the guard settles the dead start first', async () => {
    const group = idleGroup();
    const journal = await deadStart(group);
    const refreshId = await sentBeforeDying(group);
    await world.resync([group]);
    const outcome = await world.oscar.asgs.cancelRefresh(await world.request(group, CANCEL, {} as Record<string, never>));
    expect(outcome).toMatchObject({ state: 'succeeded', result: { refreshId } });
    expect(await world.db.prisma.actionJournal.findUniqueOrThrow({ where: { id: journal.id } })).toMatchObject({ state: 'succeeded', result: { refreshId } });
    expect(['Cancelling', 'Cancelled']).toContain(refreshesOf(group).find((r) => r.instanceRefreshId === refreshId)?.status);
  });
});
