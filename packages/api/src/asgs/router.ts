import { isActiveRefresh, lastSeenOf } from '@fleet/core';
import { approvalsOf, findGroupDetail, lastSuccessOf, listGroupsWithLatestRefresh, listScalingActivities } from '@fleet/db';
import { GROUPS_KIND } from '@fleet/sync';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { groupWatchesOf } from './group-watch.ts';
import { DEFAULT_FACT_PREFERENCES, refreshFactsOf } from './refresh-facts.ts';
import { driftByGroup, lastingRollbackRefusal, type RefreshRow, refreshView, rollbackRefusalFor } from './drift.ts';
import { cancelRefreshAction, rollbackRefreshAction } from './actions/active-refresh.ts';
import { startRefreshAction } from './actions/refresh.ts';
import { type ApiContext, guardedAction, router, viewerProcedure } from '../trpc.ts';

const asgName = z.string().min(1).max(255).regex(/^[\w+=,.@/-]+$/, 'not an Auto Scaling group name');

const JUST_ENDED_MS = 30 * 60_000;
const ACTIVITIES_SHOWN = 200;

async function groupDetail(ctx: ApiContext, name: string) {
  const group = await findGroupDetail(ctx.prisma, name);
  if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `The portal has not seen an Auto Scaling group named ${name}; check the worker types' asgs in the config.` });
  const drift = (await driftByGroup(ctx.prisma, ctx.config, [group])).get(group.name)!;
  const next = await refreshFactsOf(ctx.prisma, ctx.config, group, DEFAULT_FACT_PREFERENCES);
  const latest = group.refreshes[0] ?? null;
  const activities = await listScalingActivities(ctx.prisma, name, ACTIVITIES_SHOWN);
  const listedAt = await lastSuccessOf(ctx.prisma, { kind: GROUPS_KIND, accountId: group.accountId, region: group.region });
  // A four-eyes refresh was asked for by one person and approved by another: history names both.
  const approvals = await approvalsOf(ctx.prisma, group.refreshes.flatMap((r) => (r.journalId ? [r.journalId] : [])));
  const view = (r: RefreshRow) => refreshView(r, (r.journalId && approvals.get(r.journalId)?.approvedBy) ?? null);
  return {
    name: group.name,
    accountId: group.accountId,
    region: group.region,
    workerType: group.workerType,
    minSize: group.minSize,
    maxSize: group.maxSize,
    desiredCapacity: group.desiredCapacity,
    launchTemplate: { id: group.launchTemplateId, name: group.launchTemplateName, version: group.launchTemplateVersion },
    imageId: group.imageId,
    imageSource: group.imageSource,
    goneAt: group.goneAt,
    lastSeenAt: lastSeenOf(group.lastSeenAt, group.goneAt === null, listedAt),
    drift,
    /** What a refresh started now with skip matching would do: the target AMI, its sharing, who is replaced, what changes. */
    nextRefresh: next.view,
    instances: group.instances.map((i) => ({
      instanceId: i.instanceId,
      availabilityZone: i.availabilityZone,
      lifecycleState: i.lifecycleState,
      healthStatus: i.healthStatus,
      imageId: i.imageId,
      onGroupAmi: group.imageId === null || i.imageId === null ? null : i.imageId === group.imageId,
      launchTemplateVersion: i.launchTemplateVersion,
      privateIp: i.privateIp,
      launchTime: i.launchTime,
    })),
    current: latest && isActiveRefresh(latest.status) ? view(latest) : null,
    /** The latest refresh for a while after it ended, so whoever watched it sees how it ended. */
    justEnded: latest && !isActiveRefresh(latest.status) && latest.endTime && ctx.now().getTime() - latest.endTime.getTime() < JUST_ENDED_MS ? view(latest) : null,
    history: group.refreshes.map((r) => ({ ...view(r), samples: r.samples.map((s) => ({ at: s.at, percentageComplete: s.percentageComplete, status: s.status })) })),
    activities: activities.map((a) => ({
      activityId: a.activityId,
      instanceId: a.instanceId,
      description: a.description,
      cause: a.cause,
      statusCode: a.statusCode,
      startTime: a.startTime,
      endTime: a.endTime,
    })),
    rollbackRefusal: rollbackRefusalFor(group, latest),
    /** Set when the group's launch template setup rules out every rollback, refresh or not. */
    lastingRollbackRefusal: lastingRollbackRefusal(group),
  };
}

export const asgsRouter = router({
  /** Start an instance refresh: guarded, journaled and audited; the group is re-synced after. */
  startRefresh: guardedAction(startRefreshAction),
  cancelRefresh: guardedAction(cancelRefreshAction),
  rollbackRefresh: guardedAction(rollbackRefreshAction),

  /** Every group of the configured worker types, with capacity, AMI, drift and refresh state. */
  list: viewerProcedure.query(async ({ ctx }) => {
    const groups = await listGroupsWithLatestRefresh(ctx.prisma);
    const drift = await driftByGroup(ctx.prisma, ctx.config, groups);
    return groups.map((g) => ({
      name: g.name,
      workerType: g.workerType,
      accountId: g.accountId,
      region: g.region,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desiredCapacity,
      inService: g.instances.filter((i) => i.lifecycleState === 'InService').length,
      instances: g.instances.length,
      onOlderAmi: g.instances.filter((i) => g.imageId !== null && i.imageId !== null && i.imageId !== g.imageId).length,
      launchTemplate: { id: g.launchTemplateId, name: g.launchTemplateName, version: g.launchTemplateVersion },
      imageId: g.imageId,
      imageSource: g.imageSource,
      drift: drift.get(g.name)!,
      refresh: g.refreshes[0] ? refreshView(g.refreshes[0]) : null,
      goneAt: g.goneAt,
    }));
  }),

  /** One group: instances, the refresh in progress, refresh history with progress curves, activities. */
  get: viewerProcedure.input(z.object({ name: asgName })).query(({ ctx, input }) => groupDetail(ctx, input.name)),

  /**
   * The group's detail, pushed whenever its refresh, instances or activities change (server-sent
   * events); the client falls back to polling `get` when the stream breaks.
   */
  watch: viewerProcedure.input(z.object({ name: asgName })).subscription(async function* ({ ctx, input, signal }) {
    // A group never seen fails the first load: NOT_FOUND reaches the client as from `get`.
    yield* groupWatchesOf<Awaited<ReturnType<typeof groupDetail>>>(ctx.prisma).watch(input.name, () => groupDetail(ctx, input.name), signal);
  }),
});
