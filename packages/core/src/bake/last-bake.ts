import { sameCommit } from '../commit.ts';
import type { InfraCommitInfo, LineageRow } from '../lineage.ts';
import type { BakeProgressSnapshot } from './types.ts';

/** One run of the bake job as the portal followed it. */
export interface BakeJobRun {
  /** The job's build number: the job runs one build at a time, so the highest ran last. */
  number: number;
  /** The commit it was asked for or its console names: a full sha, a prefix, or null when neither says. */
  commit: string | null;
  /** Its console's reading; null before the follower read any of it. */
  progress: BakeProgressSnapshot | null;
}

/**
 * Whether build_images.sh counts a run as a bake the next run compares with: a full bake whose
 * packer run came to its end, whatever each worker type's outcome (all of them failing included)
 * and however few worker types it was asked for. A re-tag does not count, nor a run stopped before
 * packer ended (aborted, or refused for an unknown commit or worker type). The simulator's bake
 * job (tools/sim/src/world/jenkins/bake-job.ts) records its last bake by the same rule.
 */
export function countsAsBake(progress: BakeProgressSnapshot | null): boolean {
  return progress !== null && progress.mode === 'full-bake' && progress.packerFinished && !progress.cancelled;
}

export interface LastBakeInput {
  /** The bake job's runs the portal followed, in any order. */
  runs: readonly BakeJobRun[];
  /** The infra repo's first-parent history, to place a run asked for by a prefix of a sha. */
  history: readonly InfraCommitInfo[];
  /** The lineage, newest commit first: the fallback for bakes from before the portal's build history. */
  rows: readonly LineageRow[];
}

/**
 * The commit of "the last bake" that build_images.sh compares a new run with: that of the newest
 * run that counts as a bake. When the portal followed none (or cannot tell the newest one's commit),
 * the newest commit of the lineage with an AMI built at it, which is the last bake unless a rebuild
 * at an older commit (or a bake that failed for every worker type) came after it.
 */
export function lastBakedCommit(input: LastBakeInput): string | null {
  let last: BakeJobRun | undefined;
  for (const run of input.runs) if (countsAsBake(run.progress) && (!last || run.number > last.number)) last = run;
  return (last && commitOf(last, input.history)) ?? input.rows.find((row) => row.cells.some((cell) => cell.kind === 'built'))?.sha ?? null;
}

/** A full sha as it is (even off the history read: the plan then bakes); a prefix only when one commit of the history has it. */
function commitOf(run: BakeJobRun, history: readonly InfraCommitInfo[]): string | null {
  if (run.commit === null || run.commit.length === 40) return run.commit;
  const found = history.filter((c) => sameCommit(run.commit!, c.sha));
  return found.length === 1 ? found[0]!.sha : null;
}
