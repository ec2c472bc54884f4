import type { LineageCell, LineageRow } from './lineage.ts';

export interface LineageColumn {
  key: string;
  baseOs: string;
  role: string;
}

export interface LineageFilter {
  workerTypes?: string[];
  baseOs?: string[];
  /** A sha prefix or an AMI id (or a prefix of one). */
  search?: string;
}

export interface LineageView {
  columns: LineageColumn[];
  rows: LineageRow[];
}

/** Narrows the grid to the chosen worker types / base OSes and to rows matching the search. */
export function filterLineage(columns: LineageColumn[], rows: LineageRow[], filter: LineageFilter): LineageView {
  const keep = columns.map(
    (c) =>
      (!filter.workerTypes?.length || filter.workerTypes.includes(c.key)) &&
      (!filter.baseOs?.length || filter.baseOs.includes(c.baseOs)),
  );
  const pick = <T>(items: T[]) => items.filter((_, i) => keep[i]);
  const search = filter.search?.trim().toLowerCase() ?? '';
  const matches = (row: LineageRow, cells: LineageCell[]) =>
    search === '' ||
    row.sha.startsWith(search) ||
    cells.some((c) => c.kind !== 'missing' && (c.imageId.startsWith(search) || c.conflicts.some((id) => id.startsWith(search))));
  const narrowed = rows.map((row) => ({ ...row, cells: pick(row.cells) }));
  return { columns: pick(columns), rows: narrowed.filter((row) => matches(row, row.cells)) };
}
