import { type BakePlan, estimateDuration, formatDuration, planBake, sameCommit, shortSha } from '@fleet/core';
import { type JenkinsBuildRow, listActiveBuilds, listAmis, listJenkinsBuilds } from '@fleet/db';
import { z } from 'zod';
import { ActionError, type ActionContext, defineAction } from '../../guard/action-definition.ts';
import { loadLineage, newestAmis } from '../../lineage/load-lineage.ts';
import { bakeCommitOf, bakeProgressOf, bakeWorkerTypesOf } from '../bake-view.ts';
import { lastBaked } from '../last-bake.ts';
import { reconcileTrigger, triggerFollowedBuild } from '../../jenkins-builds/actions/trigger.ts';
import { bakeTarget, requestBakeFollow } from './bake-controller.ts';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full commit sha: 40 lower-case hex digits');

/** The bakes the median is taken over. */
const ESTIMATE_FROM = 10;

function typesWord(n: number): string {
  return `${n} worker type${n === 1 ? '' : 's'}`;
}

type BakeParameterNames = { commit: string; workerTypes: string };

/** Of the bakes queued or running, those for a commit that bake any of these worker types. */
function overlappingBakes(ctx: ActionContext, active: JenkinsBuildRow[], commit: string, workerTypes: string[], names: BakeParameterNames): JenkinsBuildRow[] {
  const all = ctx.config.workerTypes.map((w) => w.key);
  const wanted = new Set(workerTypes.length > 0 ? workerTypes : all);
  return active.filter((row) => {
    const theirs = bakeCommitOf(row, names);
    if (theirs === null || !sameCommit(theirs, commit)) return false;
    const types = bakeWorkerTypesOf(row, names);
    return (types.length > 0 ? types : all).some((t) => wanted.has(t));
  });
}

/** What the bake would do now: the plan build_images.sh will follow, and how long bakes like it took. */
async function planFor(ctx: ActionContext, commit: string, workerTypes: string[], bake: { controller: string; job: string }) {
  const [lineage, amis] = await Promise.all([loadLineage(ctx.prisma, ctx.config), listAmis(ctx.prisma)]);
  if (!lineage.history.some((c) => c.sha === commit)) {
    throw new ActionError('unknown-commit', `The infra repo's history the portal read has no commit ${shortSha(commit)}; wait for the next sync of the repo, or check the sha.`);
  }
  // The last bake the job ran, which a rebuild at an old commit can be: not the lineage's newest built commit.
  const since = await lastBaked(ctx.prisma, ctx.config, bake, lineage);
  const available = amis.filter((ami) => ami.state === 'available');
  // What the job re-tags is not the portal's choice: build_images.sh takes the AMI created last (amis come newest-created first).
  const retagImages = new Map<string, string>();
  for (const ami of available) if (ami.workerType && !retagImages.has(ami.workerType)) retagImages.set(ami.workerType, ami.imageId);
  const newestImages = new Map([...newestAmis(lineage, available)].map(([workerType, ami]) => [workerType, ami.imageId]));
  const types = workerTypes.length > 0 ? workerTypes : ctx.config.workerTypes.map((w) => w.key);
  const plan = planBake({ history: lineage.history, commit, lastBaked: since, workerTypes: types, retagImages, newestImages });
  const finished = (await listJenkinsBuilds(ctx.prisma, { kind: 'bake', limit: 50 })).filter(
    (row) => row.result === 'SUCCESS' && row.durationMs !== null && bakeProgressOf(row.summary)?.mode === plan.mode,
  );
  const estimateMs = estimateDuration(finished.slice(0, ESTIMATE_FROM).map((row) => row.durationMs!));
  const subjects = new Map(lineage.history.map((c) => [c.sha, c.subject]));
  return { plan, estimateMs, basedOn: Math.min(finished.length, ESTIMATE_FROM), subjects };
}

/**
 * When the job would re-tag an AMI other than the newest by commit (one rebuilt at an older commit
 * since, created after the newest), what it carries forward and how to avoid it.
 */
function notNewestWarning(retags: BakePlan['retags']): string {
  const passed = retags.filter((r) => r.imageId !== null && r.newestImageId !== null);
  if (passed.length === 0) return '';
  const which = passed.map((r) => `${r.workerType}: ${r.imageId}, not ${r.newestImageId}`).join('; ');
  return ` But build_images.sh re-tags the AMI created last, which is not the newest by commit (${which}); deregister the one rebuilt at an older commit first if it should not carry the commit.`;
}

/**
 * The job runs one build at a time, so a bake queued or running ahead of this one may become the
 * last bake it compares with: the plan above is then out of date, and says so.
 */
function bakesAheadWarning(ahead: JenkinsBuildRow[], names: BakeParameterNames): string {
  if (ahead.length === 0) return '';
  const which = ahead.map((row) => {
    const commit = bakeCommitOf(row, names);
    return `${row.number === null ? 'one waiting in the queue' : `#${row.number}`}${commit ? ` of ${shortSha(commit)}` : ''}`;
  });
  const word = ahead.length === 1 ? 'bake is' : 'bakes are';
  return ` ${ahead.length === 1 ? 'A' : ahead.length} ${word} ahead of this one (${which.join(', ')}): if one ends as a full bake, this one compares with its commit instead, and may bake where this plan re-tags.`;
}

export const startBakeInput = z.strictObject({
  commit: sha,
  /** Empty: every worker type, as the job's default. */
  workerTypes: z.array(z.string().min(1).max(100)).max(100).default([]),
});

/**
 * Runs the bake job for a commit: a full packer bake or a re-tag, as build_images.sh decides. The
 * target is the commit's short sha, so one bake of a commit is in flight at a time; the build
 * carries the journal's id, so a lost answer is settled by finding it rather than sending again.
 */
export const startBakeAction = defineAction({
  name: 'bake.start',
  targetKind: 'bake',
  input: startBakeInput,
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    if (target !== shortSha(input.commit)) throw new ActionError('target-mismatch', `The target names a bake by its commit's short sha: ${shortSha(input.commit)}, not ${target}.`);
    const unknown = input.workerTypes.filter((t) => !ctx.config.workerTypes.some((w) => w.key === t));
    if (unknown.length > 0) throw new ActionError('unknown-worker-type', `Not a worker type of this fleet: ${unknown.join(', ')}.`);
    const { bake, controller } = bakeTarget(ctx.config);
    const names = { commit: bake.parameters.commit, workerTypes: bake.parameters.workerTypes };
    const active = await listActiveBuilds(ctx.prisma, 'bake');
    const running = overlappingBakes(ctx, active, input.commit, input.workerTypes, names);
    if (running.length > 0) {
      const first = running[0]!;
      const what = first.number === null ? 'is waiting in the queue' : `#${first.number} is running`;
      throw new ActionError('bake-in-progress', `A bake of ${shortSha(input.commit)} ${what}: follow it at /bakes/${encodeURIComponent(first.id)} rather than start a second.`);
    }
    const { plan, estimateMs, basedOn, subjects } = await planFor(ctx, input.commit, input.workerTypes, { controller: controller.name, job: bake.job });
    const about = estimateMs === null ? 'no earlier bake of this kind to estimate from' : `about ${formatDuration(estimateMs)} (the median of the last ${basedOn})`;
    const since = plan.since ? shortSha(plan.since) : 'the beginning of the history read';
    const summary =
      plan.mode === 'full-bake'
        ? `packer/ changed since the last bake (${since}): a full bake of ${typesWord(plan.workerTypes.length)} at ${shortSha(input.commit)}, ${about}.`
        : `No packer change since the last bake (${since}): the newest AMIs of ${typesWord(plan.workerTypes.length)} are re-tagged with ${shortSha(input.commit)}, ${about}.`;
    return {
      summary: summary + notNewestWarning(plan.retags) + bakesAheadWarning(active, names),
      fingerprint: [plan.mode, plan.commit, plan.since ?? '', plan.workerTypes.join(','), plan.retags.map((r) => r.imageId ?? '-').join(',')].join('|'),
      details: {
        mode: plan.mode,
        commit: plan.commit,
        since: plan.since,
        packerCommits: plan.packerCommits.slice(0, 20).map((c) => ({ sha: c, subject: subjects.get(c) ?? null })),
        workerTypes: plan.workerTypes,
        retags: plan.retags,
        estimateMs,
        controller: controller.name,
        job: bake.job,
      },
    };
  },
  async execute(ctx, { input }, journal) {
    const { controller, bake, client } = bakeTarget(ctx.config);
    const parameters = {
      [bake.parameters.commit]: input.commit,
      [bake.parameters.workerTypes]: input.workerTypes.join(','),
      [bake.parameters.actionId]: journal.id,
    };
    const { buildId, queueId } = await triggerFollowedBuild({
      prisma: ctx.prisma,
      client,
      kind: 'bake',
      controller: controller.name,
      job: bake.job,
      parameters,
      actionIdParameter: bake.parameters.actionId,
      actionId: journal.id,
      startedBy: ctx.actor,
      now: ctx.now,
    });
    return { bakeId: buildId, queueId };
  },
  /** The worker follows the bake from its queue item on, without waiting for its interval. */
  onCompleted: (ctx) => requestBakeFollow(ctx.prisma, bakeTarget(ctx.config).controller.name),
  async reconcile(ctx, journal) {
    const { bake, client } = bakeTarget(ctx.config);
    return reconcileTrigger({ prisma: ctx.prisma, client, job: bake.job, actionIdParameter: bake.parameters.actionId, actionId: journal.id, now: ctx.now, triggeredAt: journal.startedAt ?? journal.createdAt });
  },
});
