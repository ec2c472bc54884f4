'use client';

import type { AuditOutcome } from '@fleet/core';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { isAuditOutcome } from './OutcomeLabel';

export interface AuditFilter {
  user: string;
  action: string;
  target: string;
  outcome: AuditOutcome | null;
  /** Every event of one action, from request to result. */
  correlationId: string;
}

export const TEXT_FILTERS = ['user', 'action', 'target', 'correlationId'] as const;
export type TextFilterKey = (typeof TEXT_FILTERS)[number];

const EMPTY: AuditFilter = { user: '', action: '', target: '', outcome: null, correlationId: '' };

function toSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const key of TEXT_FILTERS) if (filter[key]) params.set(key, filter[key]);
  if (filter.outcome) params.set('outcome', filter.outcome);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The query audit.list takes: only the filters that are set (the API matches each one exactly). */
export function auditQuery(filter: AuditFilter) {
  return {
    ...(filter.user && { user: filter.user }),
    ...(filter.action && { action: filter.action }),
    ...(filter.target && { target: filter.target }),
    ...(filter.outcome && { outcome: filter.outcome }),
    ...(filter.correlationId && { correlationId: filter.correlationId }),
  };
}

/** The audit filter lives in the URL (`/audit?user=alice&outcome=denied`), so a view can be shared as a link. */
export function useAuditFilter() {
  const params = useSearchParams();
  const pathname = usePathname();

  const filter = useMemo<AuditFilter>(() => {
    const outcome = params.get('outcome');
    return {
      user: params.get('user')?.trim() ?? '',
      action: params.get('action')?.trim() ?? '',
      target: params.get('target')?.trim() ?? '',
      outcome: isAuditOutcome(outcome) ? outcome : null,
      correlationId: params.get('correlationId')?.trim() ?? '',
    };
  }, [params]);

  const update = useCallback(
    (change: Partial<AuditFilter>) => {
      // A new entry in the history: the back button returns to the previous filter.
      window.history.pushState(null, '', `${pathname}${toSearch({ ...filter, ...change })}`);
    },
    [filter, pathname],
  );

  const clearAll = useCallback(() => update(EMPTY), [update]);
  const isFiltered = TEXT_FILTERS.some((key) => filter[key] !== '') || filter.outcome !== null;

  return { filter, update, clearAll, isFiltered };
}
