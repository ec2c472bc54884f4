import { buildLineage, CommitOrder, type FleetConfig, type InfraCommitInfo, type LineageAmi, type LineageColumn, type LineageRow, newestImageByWorkerType } from '@fleet/core';
import { loadInfraHistory, loadLineageAmis, type PrismaClient } from '@fleet/db';

export interface LineageData {
  columns: LineageColumn[];
  history: InfraCommitInfo[];
  amis: LineageAmi[];
  rows: LineageRow[];
}

/** Everything the lineage pages derive from: read from Postgres, never from AWS. */
export async function loadLineage(prisma: PrismaClient, config: FleetConfig): Promise<LineageData> {
  const [history, amis] = await Promise.all([loadInfraHistory(prisma), loadLineageAmis(prisma)]);
  const columns = config.workerTypes.map((w) => ({ key: w.key, baseOs: w.baseOs, role: w.role }));
  const rows = buildLineage({ workerTypes: columns.map((c) => c.key), history, amis });
  return { columns, history, amis, rows };
}

/**
 * Each worker type's newest AMI among `rows` (the ones that count for the caller: registered, or
 * available), by the infra history's commit order as core's `newestImage` ranks them, reading
 * each AMI's commits from the lineage.
 */
export function newestAmis<T extends { imageId: string }>(lineage: LineageData, rows: readonly T[]): Map<string, T> {
  const counted = new Map(rows.map((row) => [row.imageId, row]));
  const newest = newestImageByWorkerType(lineage.amis.filter((ami) => counted.has(ami.imageId)), new CommitOrder(lineage.history));
  return new Map([...newest].map(([workerType, ami]) => [workerType, counted.get(ami.imageId)!]));
}

/** Production accounts and whether the AMI is shared with each; null while never checked. */
export function sharingOf(config: FleetConfig, sharedWith: string[], checkedAt: Date | null) {
  return config.aws.productionAccounts.map((account) => ({
    accountId: account.id,
    name: account.name,
    shared: checkedAt === null ? null : sharedWith.includes(account.id) || sharedWith.includes('all'),
  }));
}
