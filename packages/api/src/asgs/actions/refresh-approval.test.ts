import { TEST_DATABASE_TIMEOUT_MS, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRefreshWorld, type RefreshWorld, signedInAs } from '../../test/refresh-world.ts';

const GROUP = 'ci-int-jenkins-worker-rhel8-builder';

describe.each(testDatabases())('a four-eyes refresh on its group’s history, on $name', (target) => {
  let world: RefreshWorld;
  const historyEnd = new Date(Date.UTC(2025, 2, 14));

  beforeAll(async () => {
    world = await openRefreshWorld(target, { historyEnd, clock: () => new Date(historyEnd.getTime() + 3_600_000), timeScale: 1 });
    // The world's config is read at every call: starting a refresh of this group now waits for a second admin.
    world.config.access.policies.push({ action: 'asg.refresh.start', target: GROUP, role: 'admin', fourEyes: true });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => world?.close());

  it('names the requester and the approver of the refresh it started, and the request shows its preferences', async () => {
    const [ada, grace] = [await signedInAs(world.db.prisma, world.config, 'ada'), await signedInAs(world.db.prisma, world.config, 'grace')];
    const preferences = { minHealthyPercentage: 50, skipMatching: false };
    const requested = await ada.asgs.startRefresh(await world.request(GROUP, 'asg.refresh.start', { preferences }));
    expect(requested.state).toBe('pending-approval');
    const [waiting] = (await grace.actions.list()).pendingApprovals;
    expect(waiting).toMatchObject({ id: requested.journalId, requestedBy: 'ada', parameters: { preferences }, canApprove: true });

    const approved = await grace.actions.approve({ journalId: requested.journalId, confirmation: GROUP });
    expect(approved.state).toBe('succeeded');
    const refreshId = (approved.result as { refreshId: string }).refreshId;
    await world.resync([GROUP]);
    const { history } = await world.oscar.asgs.get({ name: GROUP });
    expect(history.find((r) => r.id === refreshId)).toMatchObject({ startedBy: 'ada', approvedBy: 'grace' });
    // Refreshes nobody had to approve name no approver.
    expect(history.filter((r) => r.id !== refreshId).every((r) => r.approvedBy === null)).toBe(true);
  });
});
