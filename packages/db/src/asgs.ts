import type { AsgObservation, RefreshObservation, ScalingActivityObservation } from '@fleet/core';
import { LONG_TRANSACTION } from './amis.ts';
import type { InputJsonValue } from './generated/prisma/internal/prismaNamespace.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

export interface ObservedGroup extends AsgObservation {
  workerType: string | null;
  imageId: string | null;
  imageSource: 'ami' | 'ssm' | null;
  /** EC2's view of each instance, by id. */
  details: Map<string, { imageId: string | null; privateIp: string | null; launchTime: Date | null }>;
}

export interface GroupSnapshot {
  accountId: string;
  region: string;
  at: Date;
  groups: ObservedGroup[];
  /** A listing of some groups only: groups not in it are not marked gone. */
  partial?: boolean;
}

const json = (value: unknown) => value as InputJsonValue;

/**
 * Records the groups of one account and region with their instances: instances that left a group
 * and groups that disappeared are marked gone, not deleted, so history keeps them.
 */
export async function recordGroupSnapshot(prisma: PrismaClient, snapshot: GroupSnapshot): Promise<void> {
  const { accountId, region, at } = snapshot;
  await prisma.$transaction(async (tx) => {
    for (const g of snapshot.groups) {
      const fields = {
        accountId,
        region,
        arn: g.arn,
        workerType: g.workerType,
        minSize: g.minSize,
        maxSize: g.maxSize,
        desiredCapacity: g.desiredCapacity,
        launchTemplateId: g.launchTemplate?.id ?? null,
        launchTemplateName: g.launchTemplate?.name ?? null,
        launchTemplateVersion: g.launchTemplate?.version ?? null,
        imageId: g.imageId,
        imageSource: g.imageSource,
        tags: json(g.tags),
        lastSeenAt: at,
        goneAt: null,
      };
      await tx.asg.upsert({ where: { name: g.name }, create: { name: g.name, ...fields, firstSeenAt: at }, update: fields });
      for (const inst of g.instances) {
        const detail = g.details.get(inst.instanceId);
        const instance = {
          asgName: g.name,
          availabilityZone: inst.availabilityZone,
          lifecycleState: inst.lifecycleState,
          healthStatus: inst.healthStatus,
          launchTemplateVersion: inst.launchTemplateVersion,
          imageId: detail?.imageId ?? null,
          privateIp: detail?.privateIp ?? null,
          launchTime: detail?.launchTime ?? null,
          protectedFromScaleIn: inst.protectedFromScaleIn,
          lastSeenAt: at,
          goneAt: null,
        };
        await tx.asgInstance.upsert({
          where: { instanceId: inst.instanceId },
          create: { instanceId: inst.instanceId, ...instance, firstSeenAt: at },
          update: instance,
        });
      }
      await tx.asgInstance.updateMany({
        where: { asgName: g.name, goneAt: null, instanceId: { notIn: g.instances.map((i) => i.instanceId) } },
        data: { goneAt: at },
      });
    }
    if (!snapshot.partial) {
      await tx.asg.updateMany({
        where: { accountId, region, goneAt: null, name: { notIn: snapshot.groups.map((g) => g.name) } },
        data: { goneAt: at },
      });
    }
  }, LONG_TRANSACTION);
}

/** Records the refreshes AWS reports for a group, adding a progress sample whenever one moved. */
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
        lastSeenAt: at,
      };
      const before = known.get(r.id);
      await tx.instanceRefresh.upsert({ where: { id: r.id }, create: { id: r.id, ...fields, firstSeenAt: at }, update: fields });
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

export async function hasActiveRefresh(prisma: PrismaClient, accountId: string, region: string): Promise<boolean> {
  const count = await prisma.instanceRefresh.count({
    where: { status: { in: ['Pending', 'InProgress', 'Baking', 'Cancelling', 'RollbackInProgress'] }, asg: { accountId, region } },
  });
  return count > 0;
}
