import { findJenkinsBuild, findJenkinsBuildByAction, findNode, instancesOfHosts, listHostsOfRuns, listHousekeepingHosts, listJenkinsBuilds, type PrismaClient } from '@fleet/db';
import { jenkinsJobUrl } from '@fleet/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { type ApiContext, guardedAction, router, viewerProcedure } from '../trpc.ts';
import { runHousekeepingAction } from './actions/run-housekeeping.ts';
import { housekeepingJobOf, runView } from './run-view.ts';

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(500);
const WATCH_INTERVAL_MS = 1_500;

/** A run by its own id, or by the id of the portal action that started it (what the audit trail names). */
async function runDetail(ctx: ApiContext, runId: string) {
  const row = (await findJenkinsBuild(ctx.prisma, runId)) ?? (await findJenkinsBuildByAction(ctx.prisma, runId));
  if (!row || row.kind !== 'housekeeping') throw new TRPCError({ code: 'NOT_FOUND', message: `The portal knows no housekeeping run ${runId}; runs are read from the jobs' history every few seconds.` });
  const hosts = await listHousekeepingHosts(ctx.prisma, row.id);
  // A run read before its nodes were (the first sync after a start) is joined to them here; the sync stores the join later.
  const sources = ctx.config.jenkins?.controllers.find((c) => c.name === row.controller)?.housekeeping?.hostnames ?? [];
  const late = await instancesOfHosts(ctx.prisma, hosts.filter((h) => h.instanceId === null).map((h) => h.host), sources);
  return {
    ...runView(ctx.config, row, ctx.now()),
    hosts: hosts.map((h) => ({
      host: h.host,
      instanceId: h.instanceId ?? late.get(h.host) ?? null,
      counts: { ok: h.ok, changed: h.changed, unreachable: h.unreachable, failed: h.failed, skipped: h.skipped, rescued: h.rescued, ignored: h.ignored },
      failures: (h.failures ?? []) as { task: string | null; outcome: string; message: string; item: string | null }[],
    })),
  };
}

/** Hosts down, the newest runs of a job across: each cell what that run did on that host. */
async function matrix(prisma: PrismaClient, config: ApiContext['config'], controller: string, job: string, runs: number) {
  const rows = (await listJenkinsBuilds(prisma, { kind: 'housekeeping', controller, job, limit: runs })).filter((row) => row.logComplete && row.number !== null);
  const cells = await listHostsOfRuns(prisma, rows.map((r) => r.id));
  const hosts = new Map<string, { host: string; instanceId: string | null; failedRuns: number }>();
  for (const cell of cells) {
    const known = hosts.get(cell.host) ?? { host: cell.host, instanceId: cell.instanceId, failedRuns: 0 };
    known.instanceId ??= cell.instanceId;
    if (cell.failed > 0 || cell.unreachable > 0) known.failedRuns += 1;
    hosts.set(cell.host, known);
  }
  const outcome = (c: (typeof cells)[number]) => (c.unreachable > 0 ? 'unreachable' : c.failed > 0 ? 'failed' : c.changed > 0 ? 'changed' : 'ok');
  return {
    runs: rows.map((row) => ({ id: row.id, number: row.number, requestedAt: row.requestedAt, startedBy: { kind: row.causeKind, name: row.startedBy }, limit: runView(config, row, new Date()).limit })),
    hosts: [...hosts.values()].sort((a, b) => b.failedRuns - a.failedRuns || a.host.localeCompare(b.host, 'en', { numeric: true })),
    cells: cells.map((c) => ({ runId: c.buildId, host: c.host, outcome: outcome(c) })),
  };
}

export const housekeepingRouter = router({
  /** Run a housekeeping job through the guard; the worker follows it. */
  run: guardedAction(runHousekeepingAction),

  /** Each configured job per controller, with its newest runs. */
  jobs: viewerProcedure.query(async ({ ctx }) => {
    const now = ctx.now();
    const controllers = ctx.config.jenkins?.controllers.filter((c) => c.housekeeping) ?? [];
    return Promise.all(
      controllers.flatMap((controller) =>
        controller.housekeeping!.jobs.map(async (job) => ({
          controller: controller.name,
          job: job.job,
          description: job.description ?? null,
          url: jenkinsJobUrl(controller, job.job),
          runs: (await listJenkinsBuilds(ctx.prisma, { kind: 'housekeeping', controller: controller.name, job: job.job, limit: 10 })).map((row) => runView(ctx.config, row, now)),
        })),
      ),
    );
  }),

  /** The newest runs of one job, kept after Jenkins discards them. */
  runs: viewerProcedure
    .input(z.strictObject({ controller: name, job: name, limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() }))
    .query(async ({ ctx, input }) => {
      if (!housekeepingJobOf(ctx.config, input.controller, input.job)) throw new TRPCError({ code: 'NOT_FOUND', message: `No housekeeping job ${input.job} on ${input.controller} in the config.` });
      const rows = await listJenkinsBuilds(ctx.prisma, { kind: 'housekeeping', controller: input.controller, job: input.job, limit: input.limit, before: input.before });
      return rows.map((row) => runView(ctx.config, row, ctx.now()));
    }),

  /** One run: its state, its recap per host with each host's node, the failed tasks. */
  get: viewerProcedure.input(z.strictObject({ id })).query(({ ctx, input }) => runDetail(ctx, input.id)),

  /** The run, pushed as it changes (server-sent events); the page falls back to polling `get`. */
  watch: viewerProcedure.input(z.strictObject({ id })).subscription(async function* ({ ctx, input, signal }) {
    let last = '';
    while (!signal?.aborted) {
      const detail = await runDetail(ctx, input.id);
      const fingerprint = JSON.stringify([detail.state, detail.queue, detail.log, detail.recap, detail.hosts.length]);
      if (fingerprint !== last) {
        last = fingerprint;
        yield detail;
      }
      if (detail.log.complete && detail.state !== 'queued' && detail.state !== 'running') return;
      await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
    }
  }),

  /** Hosts × the newest runs of a job: a node that failed three nights running stands out. */
  matrix: viewerProcedure
    .input(z.strictObject({ controller: name, job: name, runs: z.number().int().min(1).max(30).default(10) }))
    .query(({ ctx, input }) => matrix(ctx.prisma, ctx.config, input.controller, input.job, input.runs)),

  /** What to put in `limit` to run on one node: its name as the inventory names it. */
  hostOfNode: viewerProcedure.input(z.strictObject({ instanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id') })).query(async ({ ctx, input }) => {
    const node = await findNode(ctx.prisma, input.instanceId);
    const controllers = ctx.config.jenkins?.controllers.filter((c) => c.housekeeping) ?? [];
    return controllers.map((c) => {
      const source = c.housekeeping!.hostnames.find((s) => (s === 'instance-id' ? true : node?.privateIp));
      return { controller: c.name, jobs: c.housekeeping!.jobs.map((j) => j.job), host: source === 'instance-id' ? input.instanceId : (node?.privateIp ?? null) };
    });
  }),
});
