import { estimateDuration, formatDuration } from '@fleet/core';
import { listActiveBuilds, listJenkinsBuilds, requestSync } from '@fleet/db';
import { HOUSEKEEPING_KIND, jenkinsClientFor, requireClient } from '@fleet/sync';
import { z } from 'zod';
import { ActionError, type ActionContext, defineAction } from '../../guard/action-definition.ts';
import { reconcileTrigger, triggerFollowedBuild } from '../../jenkins-builds/actions/trigger.ts';
import { housekeepingJobOf, recapSummaryOf } from '../run-view.ts';

/**
 * ansible-playbook's --limit as the portal sends it: host names, groups and patterns separated by
 * commas or colons, with `!` and `&` and globs; nothing that a shell or Jenkins would read as more.
 */
const limit = z
  .string()
  .trim()
  .max(2_000, 'at most 2000 characters')
  .regex(/^[\w.*?!&@:,[\]-]*$/, 'must be host names, groups or patterns separated by commas (letters, digits and . * ? ! & : , [ ] - _ only)');
const tags = z.string().trim().max(500).regex(/^[\w,-]*$/, 'must be tags separated by commas (letters, digits, - and _)');

export const runHousekeepingInput = z.strictObject({
  controller: z.string().min(1).max(63),
  /** Empty: every host of the inventory. */
  limit: limit.default(''),
  tags: tags.default(''),
});

function target(ctx: ActionContext, controller: string, job: string) {
  const found = housekeepingJobOf(ctx.config, controller, job);
  if (!found) throw new ActionError('unknown-job', `No housekeeping job ${job} on controller ${controller} in the config (jenkins.controllers[].housekeeping.jobs).`);
  const client = jenkinsClientFor(found.controller, process.env);
  if (client instanceof Error) throw new ActionError('jenkins-config', client.message);
  return { ...found, client: requireClient(client) };
}

/** Runs a housekeeping job, on every host or the ones `limit` names: the target is the job. */
export const runHousekeepingAction = defineAction({
  name: 'housekeeping.run',
  targetKind: 'housekeeping-job',
  input: runHousekeepingInput,
  minimumRole: 'operator',
  async preview(ctx, { target: job, input }) {
    const { controller, job: spec } = target(ctx, input.controller, job);
    const active = (await listActiveBuilds(ctx.prisma, 'housekeeping')).filter((row) => row.controller === controller.name && row.job === job);
    if (active.length > 0) {
      const first = active[0]!;
      throw new ActionError('run-in-progress', `${job} is already ${first.number === null ? 'waiting in the queue' : `running (#${first.number})`}: follow it at /housekeeping/runs/${encodeURIComponent(first.id)}.`);
    }
    const finished = (await listJenkinsBuilds(ctx.prisma, { kind: 'housekeeping', controller: controller.name, job, limit: 20 })).filter((row) => row.durationMs !== null && row.result !== null);
    const everyHost = finished.filter((row) => ((row.parameters as Record<string, string>)[spec.parameters.limit] ?? '') === '');
    const hosts = recapSummaryOf(everyHost[0]?.summary)?.hostsTotal ?? null;
    const estimate = estimateDuration((input.limit === '' ? everyHost : finished).slice(0, 10).map((row) => row.durationMs!));
    const on = input.limit === '' ? `every host of the inventory${hosts === null ? '' : ` (${hosts} at the last full run)`}` : `the hosts ${input.limit}`;
    const about = estimate === null ? '' : `, about ${formatDuration(estimate)}`;
    return {
      summary: `Run ${job} on ${controller.name} on ${on}${input.tags ? ` with tags ${input.tags}` : ''}${about}.`,
      fingerprint: `${controller.name}|${job}|${input.limit}|${input.tags}`,
      details: { controller: controller.name, job, limit: input.limit, tags: input.tags, estimateMs: estimate },
    };
  },
  async execute(ctx, { target: job, input }, journal) {
    const { controller, job: spec, client } = target(ctx, input.controller, job);
    const names = spec.parameters;
    const { buildId, queueId } = await triggerFollowedBuild({
      prisma: ctx.prisma,
      client,
      kind: 'housekeeping',
      controller: controller.name,
      job,
      parameters: { [names.limit]: input.limit, [names.tags]: input.tags, [names.actionId]: journal.id },
      actionIdParameter: names.actionId,
      actionId: journal.id,
      startedBy: ctx.actor,
      now: ctx.now,
    });
    return { runId: buildId, queueId };
  },
  /** The worker follows the run from its queue item on, without waiting for its interval. */
  onCompleted: (ctx, journal) => {
    const controller = (journal.parameters as { controller?: string } | null)?.controller ?? '';
    return requestSync(ctx.prisma, `${HOUSEKEEPING_KIND}:${controller}`, HOUSEKEEPING_KIND);
  },
  async reconcile(ctx, journal) {
    const input = runHousekeepingInput.safeParse(journal.parameters);
    if (!input.success) return 'unknown';
    const { job: spec, client } = target(ctx, input.data.controller, journal.target);
    return reconcileTrigger({ prisma: ctx.prisma, client, job: journal.target, actionIdParameter: spec.parameters.actionId, actionId: journal.id, now: ctx.now, triggeredAt: journal.startedAt ?? journal.createdAt });
  },
});
