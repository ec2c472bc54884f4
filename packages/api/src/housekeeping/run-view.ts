import { type FleetConfig, jenkinsBuildUrl } from '@fleet/core';
import type { JenkinsBuildRow } from '@fleet/db';
import { z } from 'zod';
import { buildStateOf } from '../jenkins-builds/build-state.ts';

const storedSummary = z.object({
  hostsTotal: z.number().catch(0),
  hostsChanged: z.number().catch(0),
  hostsFailed: z.number().catch(0),
  hostsUnreachable: z.number().catch(0),
  headline: z.string().catch(''),
  recapSeen: z.boolean().catch(false),
  errors: z.array(z.string()).catch([]),
});

/** A run's recap summary as the follower stored it; a run whose console was not read yet has none. */
export function recapSummaryOf(summary: unknown) {
  const parsed = storedSummary.safeParse(summary);
  return parsed.success && parsed.data.recapSeen ? parsed.data : null;
}

function parameter(row: JenkinsBuildRow, name: string): string {
  const value = (row.parameters as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The configured housekeeping job a run belongs to, with its parameter names. */
export function housekeepingJobOf(config: FleetConfig, controller: string, job: string) {
  const found = config.jenkins?.controllers.find((c) => c.name === controller);
  const spec = found?.housekeeping?.jobs.find((j) => j.job === job);
  return found && spec ? { controller: found, job: spec, hostnames: found.housekeeping!.hostnames } : null;
}

/** A housekeeping run as the pages show it: its state, who started it, on which hosts, and its recap. */
export function runView(config: FleetConfig, row: JenkinsBuildRow, now: Date) {
  const job = housekeepingJobOf(config, row.controller, row.job);
  const names = job?.job.parameters ?? { limit: 'LIMIT', tags: 'TAGS', actionId: 'PORTAL_ACTION_ID' };
  const recap = recapSummaryOf(row.summary);
  return {
    id: row.id,
    controller: row.controller,
    job: row.job,
    number: row.number,
    url: job && row.number !== null ? jenkinsBuildUrl(job.controller, row.job, row.number) : null,
    state: buildStateOf(row),
    result: row.result,
    queue: row.number === null ? { state: row.queueState, why: row.queueWhy } : null,
    limit: parameter(row, names.limit),
    tags: parameter(row, names.tags),
    startedBy: { kind: row.causeKind, name: row.startedBy },
    actionId: row.actionId,
    requestedAt: row.requestedAt,
    startedAt: row.startedAt,
    elapsedMs: row.startedAt ? (row.durationMs ?? Math.max(0, now.getTime() - row.startedAt.getTime())) : null,
    estimatedDurationMs: row.estimatedDurationMs,
    recap,
    log: { lines: row.logLines, complete: row.logComplete },
  };
}

export type RunView = ReturnType<typeof runView>;
