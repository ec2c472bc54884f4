import { driftView } from './DriftLabel';
import type { AsgRow } from './types';
import { sortRows, type SortValue } from '@/components/sort';
import type { AsgFilter, AsgSortKey } from './useAsgFilter';

// Worst first when sorted ascending: a refresh in flight, then one that broke, then one that stopped short.
const REFRESH_RANK: Record<string, number> = { Failed: 1, RollbackFailed: 1, Cancelled: 2, RollbackSuccessful: 2, Successful: 3 };

function driftRank(row: AsgRow): number | null {
  const view = driftView(row);
  if (view.state === 'unknown') return null;
  return view.state === 'up-to-date' ? 0 : 1 + (row.drift.commitsBehind ?? 0);
}

const SORT_VALUES: Record<AsgSortKey, (row: AsgRow) => SortValue> = {
  name: (row) => row.name,
  desired: (row) => row.desiredCapacity,
  drift: driftRank,
  onOlderAmi: (row) => row.onOlderAmi,
  refresh: (row) => (row.refresh ? (row.refresh.active ? 0 : (REFRESH_RANK[row.refresh.status] ?? 4)) : null),
};

export const isDrifted = (row: AsgRow) => driftView(row).state === 'behind';

/** The groups the filter lets through, in its order; what cannot be compared (unknown drift, no refresh) goes last either way. */
export function visibleGroups(rows: readonly AsgRow[], filter: AsgFilter): AsgRow[] {
  const passing = rows
    .filter((row) => filter.workerTypes.length === 0 || (row.workerType !== null && filter.workerTypes.includes(row.workerType)))
    .filter((row) => !filter.drifted || isDrifted(row))
    .filter((row) => !filter.refreshing || row.refresh?.active === true);
  return sortRows(passing, SORT_VALUES[filter.sort], filter.direction, (row) => row.name);
}
