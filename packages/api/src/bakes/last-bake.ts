import { type BakeJobRun, countsAsBake, type FleetConfig, lastBakedCommit } from '@fleet/core';
import { listBuildsByNumber, type PrismaClient } from '@fleet/db';
import type { LineageData } from '../lineage/load-lineage.ts';
import { bakeCommitOf, bakeParameterNames, bakeProgressOf } from './bake-view.ts';

/** The runs read at a time while looking back for the last bake: re-tags can run for weeks between bakes. */
const PAGE = 50;

/**
 * The commit build_images.sh will compare a new run with (core's `lastBakedCommit` decides): the
 * bake job's runs the portal followed, newest first, read back as far as the first that counts as
 * a bake.
 */
export async function lastBaked(prisma: PrismaClient, config: FleetConfig, bake: { controller: string; job: string }, lineage: LineageData): Promise<string | null> {
  const names = bakeParameterNames(config);
  const runs: BakeJobRun[] = [];
  for (let belowNumber: number | undefined; ; ) {
    const page = await listBuildsByNumber(prisma, { ...bake, limit: PAGE, belowNumber });
    const read = page.map((row) => ({ number: row.number!, commit: bakeCommitOf(row, names), progress: bakeProgressOf(row.summary) }));
    runs.push(...read);
    if (page.length < PAGE || read.some((run) => countsAsBake(run.progress))) break;
    belowNumber = page.at(-1)!.number!;
  }
  return lastBakedCommit({ runs, history: lineage.history, rows: lineage.rows });
}
