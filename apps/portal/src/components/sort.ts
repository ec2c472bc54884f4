import type { ThProps } from '@patternfly/react-table';
import { useState } from 'react';

export type SortValue = string | number | null;
export type SortDirection = 'asc' | 'desc';

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** Rows in the order of one value; what has no value goes last either way, ties fall back to `name`. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection, name: (row: T) => string): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? name(a).localeCompare(name(b)) : va === null ? 1 : -1;
    return sign * compare(va, vb) || name(a).localeCompare(name(b));
  });
}

/** PatternFly's sort props for a header, for a sort held by the caller (state or URL). */
export function thSort<K extends string>(
  columnIndex: number,
  key: K,
  current: { key: K; direction: SortDirection; index: number },
  onSort: (key: K, direction: SortDirection) => void,
): ThProps['sort'] {
  return {
    columnIndex,
    sortBy: { index: current.index, direction: current.direction, defaultDirection: 'asc' },
    onSort: (_event, _index, direction) => onSort(key, direction),
  };
}

/** A table's own sort, for tables whose order need not survive a reload. */
export function useColumnSort<K extends string>(columns: readonly (K | null)[], initial: K, initialDirection: SortDirection = 'asc') {
  const [sort, setSort] = useState<{ key: K; direction: SortDirection }>({ key: initial, direction: initialDirection });
  const current = { ...sort, index: columns.indexOf(sort.key) };
  const sortFor = (columnIndex: number): ThProps['sort'] => {
    const key = columns[columnIndex];
    return key ? thSort(columnIndex, key, current, (k, direction) => setSort({ key: k, direction })) : undefined;
  };
  return { sort, sortFor };
}
