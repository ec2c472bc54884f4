'use client';

import type { AuditOutcome } from '@fleet/core';
import { type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';
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

/** `/audit?user=alice&outcome=denied`; each change is a new history entry. */
const auditFilter: UrlFilterCodec<AuditFilter> = {
  read(params) {
    const outcome = params.get('outcome');
    return {
      user: params.get('user')?.trim() ?? '',
      action: params.get('action')?.trim() ?? '',
      target: params.get('target')?.trim() ?? '',
      outcome: isAuditOutcome(outcome) ? outcome : null,
      correlationId: params.get('correlationId')?.trim() ?? '',
    };
  },
  write(filter) {
    const params = new URLSearchParams();
    for (const key of TEXT_FILTERS) if (filter[key]) params.set(key, filter[key]);
    if (filter.outcome) params.set('outcome', filter.outcome);
    return params;
  },
  cleared: { user: '', action: '', target: '', outcome: null, correlationId: '' },
  isFiltered: (filter) => TEXT_FILTERS.some((key) => filter[key] !== '') || filter.outcome !== null,
  history: 'push',
};

export const useAuditFilter = () => useUrlFilter(auditFilter);
