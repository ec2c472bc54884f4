import { listJenkinsBuilds, type PrismaClient } from '@fleet/db';
import { bakeProgressOf } from './bake-view.ts';

/** How long an AMI counts as new in the lineage after the bake that made or re-tagged it ended. */
const NEW_FOR_MS = 24 * 3_600_000;

export interface RecentBake {
  id: string;
  number: number | null;
  endedAt: Date;
  retagged: boolean;
}

/** The AMIs the bakes that ended in the last day made or re-tagged, by image id, the newest bake first. */
export async function recentBakeOfAmi(prisma: PrismaClient, now: Date): Promise<Map<string, RecentBake>> {
  const rows = await listJenkinsBuilds(prisma, { kind: 'bake', limit: 30 });
  const byAmi = new Map<string, RecentBake>();
  for (const row of rows) {
    if (row.building || row.startedAt === null || row.durationMs === null) continue;
    const endedAt = new Date(row.startedAt.getTime() + row.durationMs);
    if (now.getTime() - endedAt.getTime() > NEW_FOR_MS) continue;
    for (const type of bakeProgressOf(row.summary)?.workerTypes ?? []) {
      if (!type.amiId || byAmi.has(type.amiId) || (type.stage !== 'done' && type.stage !== 're-tagged')) continue;
      byAmi.set(type.amiId, { id: row.id, number: row.number, endedAt, retagged: type.stage === 're-tagged' });
    }
  }
  return byAmi;
}
