import type { SignalReading } from './signal.ts';
import type { HealthReason, NodeObservation } from './types.ts';

/** How many of a job's last runs over a node are weighed. */
export const HOUSEKEEPING_RUNS_WEIGHED = 3;
/** How many of those must have failed (the newest among them) before the node is degraded. */
export const HOUSEKEEPING_FAILURES_TO_FLAG = 2;

/**
 * A node housekeeping keeps failing on (a task failed, or the host was unreachable): one failed
 * night is noise, the newest run failing again after an earlier failure is a node to look at.
 * Only jobs whose newest run over the node failed count, so a node that was fixed clears at once.
 */
export function housekeepingReading(node: NodeObservation): SignalReading {
  const reasons: HealthReason[] = [];
  for (const job of node.housekeeping ?? []) {
    const runs = job.runs.slice(0, HOUSEKEEPING_RUNS_WEIGHED);
    const failed = runs.filter((run) => run.failed);
    if (!runs[0]?.failed || failed.length < HOUSEKEEPING_FAILURES_TO_FLAG) continue;
    reasons.push({
      code: 'housekeeping-failing',
      severity: 'degraded',
      signal: 'housekeeping',
      message: `housekeeping ${job.job} failed in ${failed.length} of the last ${runs.length} runs`,
      since: failed.at(-1)!.at,
      href: `/housekeeping/runs/${encodeURIComponent(runs[0].runId)}`,
    });
  }
  return { reasons, definite: false };
}
