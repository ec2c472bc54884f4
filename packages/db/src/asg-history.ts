import type { RefreshObservation, ScalingActivityObservation } from '@fleet/core';
import { ACTIVE_REFRESH_STATUSES } from '@fleet/core';
import { LONG_TRANSACTION } from './amis.ts';
import { canonicalJson } from './json-input.ts';
import type { InputJsonValue } from './generated/prisma/internal/prismaNamespace.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

const json = (value: unknown) => value as InputJsonValue;
type RefreshRow = Awaited<ReturnType<PrismaClient['instanceRefresh']['findMany']>>[number];

/**
 * Records the refreshes AWS reports for a group, writing only new ones and those that moved, and
 * adding a progress sample whenever one moved.
 */
export async function recordRefreshes(prisma: PrismaClient, asgName: string, refreshes: RefreshObservation[], at: Date): Promise<void> {
  if (refreshes.length === 0) return;
  await prisma.$transaction(async (tx) => {
    const known = new Map((await tx.instanceRefresh.findMany({ where: { id: { in: refreshes.map((r) => r.id) } } })).map((r) => [r.id, r]));
    for (const r of refreshes) {
      const fields = {
        asgName,
        status: r.status,
        statusReason: r.statusReason,
        percentageComplete: r.percentageComplete,
        instancesToUpdate: r.instancesToUpdate,
        startTime: r.startTime,
        endTime: r.endTime,
        preferences: json(r.preferences),
        desiredConfiguration: r.desiredConfiguration ? json(r.desiredConfiguration) : undefined,
        progressDetails: r.progressDetails ? json(r.progressDetails) : undefined,
        rollbackDetails: r.rollbackDetails ? json(r.rollbackDetails) : undefined,
      };
      const before = known.get(r.id);
      if (before && !refreshChanged(before, r)) continue;
      await tx.instanceRefresh.upsert({ where: { id: r.id }, create: { id: r.id, ...fields, firstSeenAt: at, lastSeenAt: at }, update: { ...fields, lastSeenAt: at } });
      const moved =
        !before ||
        before.status !== r.status ||
        before.percentageComplete !== r.percentageComplete ||
        before.instancesToUpdate !== r.instancesToUpdate;
      if (moved) {
        await tx.refreshProgressSample.createMany({
          data: [{ refreshId: r.id, at, status: r.status, percentageComplete: r.percentageComplete, instancesToUpdate: r.instancesToUpdate }],
          skipDuplicates: true,
        });
      }
    }
  }, LONG_TRANSACTION);
}

function refreshChanged(row: RefreshRow, r: RefreshObservation): boolean {
  // A part AWS left out is not written over (see the upsert), so it is no change either.
  const same = (stored: unknown, seen: unknown) => seen === null || seen === undefined || canonicalJson(stored) === canonicalJson(seen);
  return (
    row.status !== r.status ||
    row.statusReason !== r.statusReason ||
    row.percentageComplete !== r.percentageComplete ||
    row.instancesToUpdate !== r.instancesToUpdate ||
    row.startTime?.getTime() !== r.startTime?.getTime() ||
    row.endTime?.getTime() !== r.endTime?.getTime() ||
    canonicalJson(row.preferences) !== canonicalJson(r.preferences) ||
    !same(row.desiredConfiguration, r.desiredConfiguration) ||
    !same(row.progressDetails, r.progressDetails) ||
    !same(row.rollbackDetails, r.rollbackDetails)
  );
}

export interface RefreshClaim {
  refreshId: string;
  asgName: string;
  /** The portal user who asked for it. */
  startedBy: string;
  /** The action whose StartInstanceRefresh made it. */
  journalId: string;
  at: Date;
}

/**
 * Records which action (and so which person) started a refresh, so history tells it from one
 * started outside the portal and no second action can take it as its own. False when another
 * action already owns it.
 */
export async function claimRefresh(prisma: PrismaClient, claim: RefreshClaim): Promise<boolean> {
  const stamp = claim.at.toISOString();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO instance_refresh (id, asg_name, status, preferences, started_by, journal_id, first_seen_at, last_seen_at)
    VALUES (${claim.refreshId}, ${claim.asgName}, 'Pending', '{}'::jsonb, ${claim.startedBy}, ${claim.journalId}, ${stamp}::timestamp(3), ${stamp}::timestamp(3))
    ON CONFLICT (id) DO UPDATE SET started_by = EXCLUDED.started_by, journal_id = EXCLUDED.journal_id
      WHERE instance_refresh.journal_id IS NULL OR instance_refresh.journal_id = EXCLUDED.journal_id
    RETURNING id`;
  return rows.length === 1;
}

/** The actions that own any of these refreshes, by refresh id; a refresh no action owns is absent. */
export async function refreshOwners(prisma: PrismaClient, refreshIds: readonly string[]): Promise<Map<string, string>> {
  const owned = await prisma.instanceRefresh.findMany({ where: { id: { in: [...refreshIds] }, journalId: { not: null } }, select: { id: true, journalId: true } });
  return new Map(owned.map((r) => [r.id, r.journalId!]));
}

/** Records scaling activities: new ones are added, and stored ones updated only when they moved on. */
export async function recordActivities(prisma: PrismaClient, activities: ScalingActivityObservation[]): Promise<void> {
  if (activities.length === 0) return;
  await prisma.$transaction(async (tx) => {
    const stored = new Map(
      (await tx.scalingActivity.findMany({ where: { activityId: { in: activities.map((a) => a.activityId) } } })).map((a) => [a.activityId, a]),
    );
    const fresh = activities.filter((a) => !stored.has(a.activityId));
    if (fresh.length > 0) {
      await tx.scalingActivity.createMany({
        data: fresh.map((a) => ({
          activityId: a.activityId,
          asgName: a.asgName,
          instanceId: a.instanceId,
          description: a.description,
          cause: a.cause,
          statusCode: a.statusCode,
          progress: a.progress,
          startTime: a.startTime,
          endTime: a.endTime,
        })),
        skipDuplicates: true,
      });
    }
    for (const a of activities) {
      const before = stored.get(a.activityId);
      if (before && (before.statusCode !== a.statusCode || before.progress !== a.progress || before.endTime?.getTime() !== a.endTime?.getTime())) {
        await tx.scalingActivity.update({ where: { activityId: a.activityId }, data: { statusCode: a.statusCode, progress: a.progress, endTime: a.endTime } });
      }
    }
  }, LONG_TRANSACTION);
}

/** The groups of an account and region whose latest known refresh has not ended: they are followed closely. */
export async function groupsWithActiveRefresh(prisma: PrismaClient, accountId: string, region: string): Promise<Set<string>> {
  const rows = await prisma.instanceRefresh.findMany({
    where: { status: { in: [...ACTIVE_REFRESH_STATUSES] }, asg: { accountId, region, goneAt: null } },
    select: { asgName: true },
    distinct: ['asgName'],
  });
  return new Set(rows.map((row) => row.asgName));
}
