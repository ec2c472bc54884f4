'use client';

import { type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';

export const PER_PAGE_OPTIONS = [20, 50, 100] as const;
const DEFAULT_PER_PAGE = 50;

export interface LineageFilter {
  workerTypes: string[];
  baseOs: string[];
  /** A sha prefix or an AMI id. */
  q: string;
  page: number;
  perPage: number;
}

function positiveInt(text: string | null, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** `?workerType=a&workerType=b&baseOs=rhel8&q=abc&page=2`; changing what is shown starts again at page 1. */
const lineageFilter: UrlFilterCodec<LineageFilter> = {
  read(params) {
    const perPage = positiveInt(params.get('perPage'), DEFAULT_PER_PAGE);
    return {
      workerTypes: params.getAll('workerType'),
      baseOs: params.getAll('baseOs'),
      q: params.get('q')?.trim() ?? '',
      page: positiveInt(params.get('page'), 1),
      perPage: PER_PAGE_OPTIONS.includes(perPage as (typeof PER_PAGE_OPTIONS)[number]) ? perPage : DEFAULT_PER_PAGE,
    };
  },
  write(filter) {
    const params = new URLSearchParams();
    filter.workerTypes.forEach((w) => params.append('workerType', w));
    filter.baseOs.forEach((b) => params.append('baseOs', b));
    if (filter.q) params.set('q', filter.q);
    if (filter.page > 1) params.set('page', String(filter.page));
    if (filter.perPage !== DEFAULT_PER_PAGE) params.set('perPage', String(filter.perPage));
    return params;
  },
  cleared: { workerTypes: [], baseOs: [], q: '' },
  isFiltered: (filter) => filter.workerTypes.length > 0 || filter.baseOs.length > 0 || filter.q !== '',
  history: 'replace',
  adjust: (change) => ({ page: 1, ...change }),
};

export const useLineageFilter = () => useUrlFilter(lineageFilter);
