'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { SortDirection } from './sort-rows';

export const SORT_KEYS = ['name', 'desired', 'drift', 'onOlderAmi', 'refresh'] as const;
export type AsgSortKey = (typeof SORT_KEYS)[number];

export interface AsgFilter {
  workerTypes: string[];
  /** Only groups known to run an older AMI than their worker type's newest. */
  drifted: boolean;
  /** Only groups with a refresh in progress. */
  refreshing: boolean;
  sort: AsgSortKey;
  direction: SortDirection;
}

const isSortKey = (value: string | null): value is AsgSortKey => SORT_KEYS.some((key) => key === value);

function toSearch(filter: AsgFilter): string {
  const params = new URLSearchParams();
  filter.workerTypes.forEach((w) => params.append('workerType', w));
  if (filter.drifted) params.set('drifted', '1');
  if (filter.refreshing) params.set('refreshing', '1');
  if (filter.sort !== 'name') params.set('sort', filter.sort);
  if (filter.direction !== 'asc') params.set('dir', filter.direction);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The groups' filter and sort live in the URL (`?workerType=a&drifted=1&refreshing=1&sort=drift&dir=desc`),
 * so a view can be shared as a link and survives a reload.
 */
export function useAsgFilter() {
  const params = useSearchParams();
  const pathname = usePathname();

  const filter = useMemo<AsgFilter>(() => {
    const sort = params.get('sort');
    return {
      workerTypes: params.getAll('workerType'),
      drifted: params.get('drifted') === '1',
      refreshing: params.get('refreshing') === '1',
      sort: isSortKey(sort) ? sort : 'name',
      direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    };
  }, [params]);

  const update = useCallback(
    (change: Partial<AsgFilter>) => {
      // The native history API updates useSearchParams without a server round trip: the rows come
      // from tRPC, the page itself does not change with the filter.
      window.history.replaceState(null, '', `${pathname}${toSearch({ ...filter, ...change })}`);
    },
    [filter, pathname],
  );

  const clearAll = useCallback(() => update({ workerTypes: [], drifted: false, refreshing: false }), [update]);
  const isFiltered = filter.workerTypes.length > 0 || filter.drifted || filter.refreshing;

  return { filter, update, clearAll, isFiltered };
}
