import { bakeControllerOf } from '@fleet/core';
import { findJenkinsBuild, findJenkinsBuildByAction, listActiveBuilds, listJenkinsBuilds } from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { type ApiContext, guardedAction, router, viewerProcedure } from '../trpc.ts';
import { abortBakeAction } from './actions/abort-bake.ts';
import { startBakeAction } from './actions/start-bake.ts';
import { bakeCommitOf, bakeParameterNames, bakeViews } from './bake-view.ts';

const bakeId = z.string().min(1).max(200);
const sha = z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit sha or a prefix of one (7 to 40 hex digits)');
/** How often a watched bake is read again from Postgres. */
const WATCH_INTERVAL_MS = 1_500;

/** A bake by its own id, or by the id of the portal action that started it (what the audit trail names). */
async function bakeDetail(ctx: ApiContext, id: string) {
  const row = (await findJenkinsBuild(ctx.prisma, id)) ?? (await findJenkinsBuildByAction(ctx.prisma, id));
  if (!row || row.kind !== 'bake') throw new TRPCError({ code: 'NOT_FOUND', message: `The portal knows no bake ${id}; bakes are read from the bake job's history every few seconds.` });
  const [view] = await bakeViews(ctx.prisma, ctx.config, [row], ctx.now());
  return view!;
}

export const bakesRouter = router({
  /** Run the bake job for a commit: guarded, journaled and audited; followed by the worker. */
  start: guardedAction(startBakeAction),
  abort: guardedAction(abortBakeAction),

  /** Whether a bake job is configured, and where. */
  settings: viewerProcedure.query(({ ctx }) => {
    const found = bakeControllerOf(ctx.config.jenkins);
    return found ? { controller: found.controller.name, job: found.bake.job } : null;
  }),

  /** Every bake the portal has seen, newest first, kept after Jenkins discards them; optionally of one commit. */
  list: viewerProcedure
    .input(z.strictObject({ commit: sha.optional(), limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() }).prefault({}))
    .query(async ({ ctx, input }) => {
      const names = bakeParameterNames(ctx.config);
      const rows = await listJenkinsBuilds(ctx.prisma, { kind: 'bake', limit: input.commit ? 200 : input.limit, before: input.before });
      const mine = input.commit ? rows.filter((r) => bakeCommitOf(r, names)?.startsWith(input.commit!)).slice(0, input.limit) : rows;
      return { items: await bakeViews(ctx.prisma, ctx.config, mine, ctx.now()), more: rows.length === (input.commit ? 200 : input.limit) };
    }),

  /** Bakes waiting in the queue or running now. */
  active: viewerProcedure.query(async ({ ctx }) => bakeViews(ctx.prisma, ctx.config, await listActiveBuilds(ctx.prisma, 'bake'), ctx.now())),

  get: viewerProcedure.input(z.strictObject({ id: bakeId })).query(({ ctx, input }) => bakeDetail(ctx, input.id)),

  /** The bake, pushed whenever it changes (server-sent events); the page falls back to polling `get`. */
  watch: viewerProcedure.input(z.strictObject({ id: bakeId })).subscription(async function* ({ ctx, input, signal }) {
    let last = '';
    while (!signal?.aborted) {
      const detail = await bakeDetail(ctx, input.id);
      const fingerprint = JSON.stringify([detail.state, detail.queue, detail.workerTypes, detail.log, detail.number]);
      if (fingerprint !== last) {
        last = fingerprint;
        yield detail;
      }
      if (detail.log.complete && detail.state !== 'queued' && detail.state !== 'running') return;
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
  }),
});
