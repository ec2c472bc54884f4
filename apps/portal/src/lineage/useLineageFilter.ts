'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

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

function toSearch(filter: LineageFilter): string {
  const params = new URLSearchParams();
  filter.workerTypes.forEach((w) => params.append('workerType', w));
  filter.baseOs.forEach((b) => params.append('baseOs', b));
  if (filter.q) params.set('q', filter.q);
  if (filter.page > 1) params.set('page', String(filter.page));
  if (filter.perPage !== DEFAULT_PER_PAGE) params.set('perPage', String(filter.perPage));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The lineage filter lives in the URL (`?workerType=a&workerType=b&baseOs=rhel8&q=abc&page=2`),
 * so a view can be shared as a link and survives a reload.
 */
export function useLineageFilter() {
  const params = useSearchParams();
  const pathname = usePathname();

  const filter = useMemo<LineageFilter>(() => {
    const perPage = positiveInt(params.get('perPage'), DEFAULT_PER_PAGE);
    return {
      workerTypes: params.getAll('workerType'),
      baseOs: params.getAll('baseOs'),
      q: params.get('q')?.trim() ?? '',
      page: positiveInt(params.get('page'), 1),
      perPage: PER_PAGE_OPTIONS.includes(perPage as (typeof PER_PAGE_OPTIONS)[number]) ? perPage : DEFAULT_PER_PAGE,
    };
  }, [params]);

  /** Changing what is shown starts again at page 1; changing the page keeps the rest. */
  const update = useCallback(
    (change: Partial<LineageFilter>) => {
      const next = { ...filter, page: 1, ...change };
      // The native history API updates useSearchParams without a server round trip: the grid's
      // data comes from tRPC, the page itself does not change with the filter.
      window.history.replaceState(null, '', `${pathname}${toSearch(next)}`);
    },
    [filter, pathname],
  );

  const clearAll = useCallback(() => update({ workerTypes: [], baseOs: [], q: '' }), [update]);
  const isFiltered = filter.workerTypes.length > 0 || filter.baseOs.length > 0 || filter.q !== '';

  return { filter, update, clearAll, isFiltered };
}

/** Adds or removes one value of a multi-select. */
export function toggled(values: string[], value: string): string[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}
