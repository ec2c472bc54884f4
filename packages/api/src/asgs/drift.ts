import { type FleetConfig, isActiveRefresh, newestRowCarrying, rollbackRefusal } from '@fleet/core';
import { listAmis, type PrismaClient } from '@fleet/db';
import { z } from 'zod';
import { type LineageData, loadLineage, newestAmis } from '../lineage/load-lineage.ts';

type AmiSummary = { imageId: string; name: string; currentCommit: string | null; builtCommit: string | null; creationDate: Date };

/** Where a group stands against its worker type's newest AMI, in commits of the infra history. */
export interface AsgDrift {
  runs: AmiSummary | null;
  newest: AmiSummary | null;
  /** Commits between the newest commit the group's AMI carried and the head; null when unknown. */
  commitsBehind: number | null;
  upToDate: boolean | null;
}

type Amis = Awaited<ReturnType<typeof listAmis>>;

export async function driftByGroup(
  prisma: PrismaClient,
  config: FleetConfig,
  groups: { name: string; workerType: string | null; imageId: string | null }[],
  /** The lineage and AMIs when the caller has read them already, and each worker type's newest of the registered AMIs (`newestAmis`) if it took them. */
  loaded?: { lineage: LineageData; amis: Amis; newest?: Map<string, Amis[number]> },
) {
  const [lineage, amis] = loaded ? [loaded.lineage, loaded.amis] : await Promise.all([loadLineage(prisma, config), listAmis(prisma)]);
  const byId = new Map(amis.map((a) => [a.imageId, a]));
  const positions = new Map(lineage.history.map((c) => [c.sha, c.position]));
  const newestByType = loaded?.newest ?? newestAmis(lineage, amis.filter((a) => a.deregisteredAt === null));
  const drift = new Map<string, AsgDrift>();
  for (const g of groups) {
    const column = lineage.columns.findIndex((c) => c.key === g.workerType);
    const newest = g.workerType === null ? null : (newestByType.get(g.workerType) ?? null);
    const runs = g.imageId ? (byId.get(g.imageId) ?? null) : null;
    const newestRow = runs ? newestRowCarrying(lineage.rows, column, runs.imageId) : undefined;
    const commitsBehind = newestRow ? (positions.get(newestRow.sha) ?? null) : null;
    drift.set(g.name, {
      runs: runs && summary(runs),
      newest: newest && summary(newest),
      commitsBehind,
      upToDate: runs && newest ? runs.imageId === newest.imageId : null,
    });
  }
  return drift;
}

function summary(a: AmiSummary): AmiSummary {
  return { imageId: a.imageId, name: a.name, currentCommit: a.currentCommit, builtCommit: a.builtCommit, creationDate: a.creationDate };
}

export type RefreshRow = Awaited<ReturnType<PrismaClient['instanceRefresh']['findMany']>>[number];

/** AWS's RollbackDetails as stored (dates as ISO strings); fields AWS leaves out are null. */
const storedRollback = z.object({
  RollbackReason: z.string().nullish(),
  RollbackStartTime: z.coerce.date().nullish(),
  PercentageCompleteOnRollback: z.number().nullish(),
  InstancesToUpdateOnRollback: z.number().nullish(),
});

/** Why and from where a refresh was rolled back, or null when it was not (or the details cannot be read). */
export function rollbackOf(details: unknown) {
  const parsed = storedRollback.safeParse(details);
  if (!parsed.success) return null;
  const d = parsed.data;
  if (d.RollbackReason == null && d.RollbackStartTime == null && d.PercentageCompleteOnRollback == null) return null;
  return {
    reason: d.RollbackReason ?? null,
    startTime: d.RollbackStartTime ?? null,
    /** How far the refresh had come when the rollback began. */
    percentageComplete: d.PercentageCompleteOnRollback ?? null,
    instancesToUpdate: d.InstancesToUpdateOnRollback ?? null,
  };
}

/** A refresh for the pages; `approvedBy` names the second person when a four-eyes request started it. */
export function refreshView(r: RefreshRow, approvedBy: string | null = null) {
  return {
    id: r.id,
    status: r.status,
    active: isActiveRefresh(r.status),
    statusReason: r.statusReason,
    percentageComplete: r.percentageComplete,
    instancesToUpdate: r.instancesToUpdate,
    startTime: r.startTime,
    endTime: r.endTime,
    durationMs: r.startTime ? (r.endTime ?? new Date()).getTime() - r.startTime.getTime() : null,
    startedBy: r.startedBy,
    approvedBy,
    preferences: r.preferences as Record<string, unknown>,
    desiredConfiguration: r.desiredConfiguration as Record<string, unknown> | null,
    progressDetails: r.progressDetails as Record<string, unknown> | null,
    rollback: rollbackOf(r.rollbackDetails),
  };
}

/** Why the rollback button cannot work on this group now, or null. */
export function rollbackRefusalFor(group: { launchTemplateVersion: string | null; imageSource: string | null }, latest: RefreshRow | null) {
  return rollbackRefusal({
    refresh: latest && { status: latest.status as never, desiredConfiguration: latest.desiredConfiguration as Record<string, unknown> | null },
    launchTemplateVersion: group.launchTemplateVersion,
    imageSource: group.imageSource === 'ssm' ? 'ssm' : group.imageSource === 'ami' ? 'ami' : null,
  });
}

/** Why no refresh of this group can ever be rolled back (its launch template setup), or null. */
export function lastingRollbackRefusal(group: { launchTemplateVersion: string | null; imageSource: string | null }) {
  return rollbackRefusalFor(group, { status: 'InProgress', desiredConfiguration: {} } as RefreshRow);
}
