import type { LineageRow } from './lineage.ts';

/**
 * The newest commit (rows newest first) at which a worker type's AMI was `imageId`: the commit an
 * instance of that AMI runs, as the drift counts it.
 */
export function newestRowCarrying(rows: readonly LineageRow[], column: number, imageId: string): LineageRow | undefined {
  if (column < 0) return undefined;
  return rows.find((r) => {
    const cell = r.cells[column];
    return cell !== undefined && cell.kind !== 'missing' && cell.imageId === imageId;
  });
}

export interface GroupOnLineage {
  name: string;
  workerType: string | null;
  /** The AMI its launch template launches. */
  imageId: string | null;
}

/** Per commit and worker type, the groups whose launch template runs the AMI of that commit. */
export type GroupMarks = Record<string, Record<string, string[]>>;

/** Where each group stands on the lineage: the newest commit its AMI carried, in its worker type's column. */
export function commitsGroupsRun(rows: readonly LineageRow[], workerTypes: readonly string[], groups: readonly GroupOnLineage[]): GroupMarks {
  const marks: GroupMarks = {};
  for (const group of groups) {
    if (group.workerType === null || group.imageId === null) continue;
    const row = newestRowCarrying(rows, workerTypes.indexOf(group.workerType), group.imageId);
    if (!row) continue;
    const byType = (marks[row.sha] ??= {});
    (byType[group.workerType] ??= []).push(group.name);
  }
  return marks;
}
