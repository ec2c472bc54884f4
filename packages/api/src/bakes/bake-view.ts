import { type BakeProgressSnapshot, bakeControllerOf, commitUrl, type FleetConfig, jenkinsBuildUrl, type WorkerTypeBake } from '@fleet/core';
import { amiSharingByIds, type JenkinsBuildRow, type PrismaClient } from '@fleet/db';
import { z } from 'zod';
import { buildStateOf } from '../jenkins-builds/build-state.ts';


/** A worker type's stage with what the AWS side adds: a made AMI waits for aws-ami-share before it is usable. */
export type BakeTypeStage = WorkerTypeBake['stage'] | 'sharing';

const storedSnapshot = z.object({
  mode: z.enum(['unknown', 'full-bake', 're-tag']).catch('unknown'),
  sinceCommit: z.string().nullable().catch(null),
  commit: z.string().nullable().catch(null),
  packerFinished: z.boolean().catch(false),
  cancelled: z.boolean().catch(false),
  workerTypes: z.array(z.looseObject({ workerType: z.string(), stage: z.string() })).catch([]),
});

/** The console's reading as the follower stored it; a row not read yet has none. */
export function bakeProgressOf(summary: unknown): BakeProgressSnapshot | null {
  const parsed = storedSnapshot.safeParse(summary);
  return parsed.success && parsed.data.workerTypes.length > 0 ? (parsed.data as unknown as BakeProgressSnapshot) : null;
}


function parameter(row: JenkinsBuildRow, name: string): string | null {
  const value = (row.parameters as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The bake job's parameter names, as configured (or the defaults when no bake job is configured). */
export function bakeParameterNames(config: FleetConfig) {
  return bakeControllerOf(config.jenkins)?.bake.parameters ?? { commit: 'INFRA_COMMIT', workerTypes: 'WORKER_TYPES', actionId: 'PORTAL_ACTION_ID' };
}

/**
 * The commit a bake bakes: its parameter when that is a full sha; otherwise (empty for the head, or
 * a prefix) the full sha its console's mode line names, once read.
 */
export function bakeCommitOf(row: JenkinsBuildRow, names: { commit: string }): string | null {
  const asked = parameter(row, names.commit);
  if (asked && /^[0-9a-f]{40}$/.test(asked)) return asked;
  return bakeProgressOf(row.summary)?.commit ?? asked;
}

/** The worker types a bake was asked for; empty for all. */
export function bakeWorkerTypesOf(row: JenkinsBuildRow, names: { workerTypes: string }): string[] {
  return parameter(row, names.workerTypes)?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
}

/** A bake as the pages show it: queue or build state, its commit, who started it, each worker type's progress. */
export async function bakeViews(prisma: PrismaClient, config: FleetConfig, rows: JenkinsBuildRow[], now: Date) {
  const names = bakeParameterNames(config);
  const progress = new Map(rows.map((row) => [row.id, bakeProgressOf(row.summary)]));
  const amiIds = [...progress.values()].flatMap((p) => p?.workerTypes.flatMap((w) => (w.amiId && w.stage === 'done' ? [w.amiId] : [])) ?? []);
  const sharing = await amiSharingByIds(prisma, amiIds);
  const accounts = config.aws.productionAccounts.map((a) => a.id);
  return rows.map((row) => {
    const snapshot = progress.get(row.id) ?? null;
    const commit = bakeCommitOf(row, names);
    const requested = bakeWorkerTypesOf(row, names);
    const controller = config.jenkins?.controllers.find((c) => c.name === row.controller);
    const elapsedMs = row.startedAt ? (row.durationMs ?? Math.max(0, now.getTime() - row.startedAt.getTime())) : null;
    // Those asked for (all when none was named), and any other the console shows at work.
    const shown = (snapshot?.workerTypes ?? []).filter((w) => (requested.length === 0 ? w.configured : requested.includes(w.workerType)) || w.stage !== 'waiting');
    const types = shown.map((w) => {
      const shared = w.amiId ? sharing.get(w.amiId) : undefined;
      const waitingForShare = w.stage === 'done' && shared !== undefined && !accounts.every((a) => shared.includes(a) || shared.includes('all'));
      return {
        workerType: w.workerType,
        configured: w.configured,
        stage: (waitingForShare ? 'sharing' : w.stage) as BakeTypeStage,
        step: w.step,
        amiId: w.amiId,
        ansibleTask: w.ansibleTask,
        failure: w.failure,
        retag: w.retag,
        durationSeconds: w.durationSeconds,
      };
    });
    const failedType = types.find((t) => t.stage === 'failed');
    return {
      id: row.id,
      controller: row.controller,
      job: row.job,
      number: row.number,
      url: controller && row.number !== null ? jenkinsBuildUrl(controller, row.job, row.number) : null,
      state: buildStateOf(row),
      result: row.result,
      queue: row.number === null ? { state: row.queueState, why: row.queueWhy } : null,
      commit,
      commitUrl: commit && /^[0-9a-f]{40}$/.test(commit) ? commitUrl(config, commit) : null,
      workerTypesRequested: requested,
      startedBy: { kind: row.causeKind, name: row.startedBy },
      actionId: row.actionId,
      requestedAt: row.requestedAt,
      startedAt: row.startedAt,
      elapsedMs,
      estimatedDurationMs: row.estimatedDurationMs,
      remainingMs: row.building && elapsedMs !== null && row.estimatedDurationMs !== null ? Math.max(0, row.estimatedDurationMs - elapsedMs) : null,
      mode: snapshot?.mode ?? 'unknown',
      sinceCommit: snapshot?.sinceCommit ?? null,
      workerTypes: types,
      failure: failedType ? { workerType: failedType.workerType, line: failedType.failure?.line ?? null, task: failedType.failure?.task ?? null } : null,
      amis: types.flatMap((t) => (t.amiId && (t.stage === 'done' || t.stage === 'sharing' || t.stage === 're-tagged') ? [{ workerType: t.workerType, imageId: t.amiId, retagged: t.stage === 're-tagged' }] : [])),
      log: { lines: row.logLines, complete: row.logComplete },
    };
  });
}

export type BakeView = Awaited<ReturnType<typeof bakeViews>>[number];
