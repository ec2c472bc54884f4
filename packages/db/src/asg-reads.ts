import type { PrismaClient } from './generated/prisma/client.ts';

/** How many refreshes a group's page lists, newest first, each with its progress curve. */
const REFRESH_HISTORY = 50;

/**
 * Newest first. AWS keeps a refresh's start to the second, so one that ended and the next one can
 * share it: the one the portal saw later is the newer. A refresh the portal started and has not
 * read back yet has no start time; Postgres puts it first, as the newest.
 */
const LATEST_FIRST = [{ startTime: 'desc' as const }, { firstSeenAt: 'desc' as const }];

export function findGroup(prisma: PrismaClient, name: string) {
  return prisma.asg.findUnique({ where: { name } });
}

/** A group an action targets: its live instances and its latest refresh. */
export function findGroupForAction(prisma: PrismaClient, name: string) {
  return prisma.asg.findUnique({
    where: { name },
    include: {
      instances: { where: { goneAt: null } },
      refreshes: { orderBy: LATEST_FIRST, take: 1 },
    },
  });
}

/** A group's page: live instances by zone, and its refresh history with each refresh's samples. */
export function findGroupDetail(prisma: PrismaClient, name: string) {
  return prisma.asg.findUnique({
    where: { name },
    include: {
      instances: { where: { goneAt: null }, orderBy: [{ availabilityZone: 'asc' }, { instanceId: 'asc' }] },
      refreshes: { orderBy: LATEST_FIRST, take: REFRESH_HISTORY, include: { samples: { orderBy: { at: 'asc' } } } },
    },
  });
}

/** Every group with its live instances' lifecycle and AMI and its latest refresh. */
export function listGroupsWithLatestRefresh(prisma: PrismaClient) {
  return prisma.asg.findMany({
    orderBy: { name: 'asc' },
    include: {
      instances: { where: { goneAt: null }, select: { lifecycleState: true, imageId: true } },
      refreshes: { orderBy: LATEST_FIRST, take: 1 },
    },
  });
}

/** Each live group's worker type and the AMI its launch template launches: where the lineage marks it. */
export function listGroupAmis(prisma: PrismaClient) {
  return prisma.asg.findMany({ where: { goneAt: null }, select: { name: true, workerType: true, imageId: true }, orderBy: { name: 'asc' } });
}

export function listScalingActivities(prisma: PrismaClient, asgName: string, take: number) {
  return prisma.scalingActivity.findMany({ where: { asgName }, orderBy: { startTime: 'desc' }, take });
}

/** Groups whose launch template launches an AMI, and groups with instances still running it. */
export async function groupsUsingImage(prisma: PrismaClient, imageId: string) {
  const [templated, running] = await Promise.all([
    prisma.asg.findMany({ where: { imageId, goneAt: null }, select: { name: true } }),
    prisma.asgInstance.groupBy({ by: ['asgName'], where: { imageId, goneAt: null }, _count: { _all: true } }),
  ]);
  const names = [...new Set([...templated.map((g) => g.name), ...running.map((r) => r.asgName)])].sort();
  return names.map((name) => ({
    name,
    inLaunchTemplate: templated.some((g) => g.name === name),
    instances: running.find((r) => r.asgName === name)?._count._all ?? 0,
  }));
}

/**
 * A mark that changes whenever anything a group's page shows may have changed: every sync pass
 * touches the group's row, refreshes add samples, activities arrive. One indexed statement, so
 * watchers can ask it every second and load the group itself only when it moved.
 */
export async function groupChangeMark(prisma: PrismaClient, name: string): Promise<string> {
  const [row] = await prisma.$queryRaw<{ mark: string }[]>`
    SELECT concat_ws('|',
      (SELECT last_seen_at::text || coalesce(gone_at::text, '') FROM asg WHERE name = ${name}),
      (SELECT max(last_seen_at)::text || count(*)::text || count(started_by)::text FROM instance_refresh WHERE asg_name = ${name}),
      (SELECT count(*)::text FROM refresh_progress_sample s JOIN instance_refresh r ON r.id = s.refresh_id WHERE r.asg_name = ${name}),
      (SELECT count(*)::text || max(coalesce(end_time, start_time))::text || count(end_time)::text FROM scaling_activity WHERE asg_name = ${name})
    ) AS mark`;
  return row?.mark ?? '';
}
