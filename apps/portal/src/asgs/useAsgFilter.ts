'use client';

import { type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';
import type { SortDirection } from '@/components/sort';

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

/** `?workerType=a&drifted=1&refreshing=1&sort=drift&dir=desc` */
const asgFilter: UrlFilterCodec<AsgFilter> = {
  read(params) {
    const sort = params.get('sort');
    return {
      workerTypes: params.getAll('workerType'),
      drifted: params.get('drifted') === '1',
      refreshing: params.get('refreshing') === '1',
      sort: isSortKey(sort) ? sort : 'name',
      direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    };
  },
  write(filter) {
    const params = new URLSearchParams();
    filter.workerTypes.forEach((w) => params.append('workerType', w));
    if (filter.drifted) params.set('drifted', '1');
    if (filter.refreshing) params.set('refreshing', '1');
    if (filter.sort !== 'name') params.set('sort', filter.sort);
    if (filter.direction !== 'asc') params.set('dir', filter.direction);
    return params;
  },
  cleared: { workerTypes: [], drifted: false, refreshing: false },
  isFiltered: (filter) => filter.workerTypes.length > 0 || filter.drifted || filter.refreshing,
  history: 'replace',
};

export const useAsgFilter = () => useUrlFilter(asgFilter);
