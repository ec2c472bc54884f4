import { buildLineage, type FleetConfig, type InfraCommitInfo, type LineageAmi, type LineageColumn, type LineageRow } from '@fleet/core';
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

/** Production accounts and whether the AMI is shared with each; null while never checked. */
export function sharingOf(config: FleetConfig, sharedWith: string[], checkedAt: Date | null) {
  return config.aws.productionAccounts.map((account) => ({
    accountId: account.id,
    name: account.name,
    shared: checkedAt === null ? null : sharedWith.includes(account.id) || sharedWith.includes('all'),
  }));
}
