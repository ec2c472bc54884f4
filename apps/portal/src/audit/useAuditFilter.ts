'use client';

import type { AuditOutcome } from '@fleet/core';
import { type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';
import { isAuditOutcome } from './OutcomeLabel';

export type AuditSource = 'portal' | 'cloudtrail';

export interface AuditFilter {
  user: string;
  action: string;
  target: string;
  outcome: AuditOutcome | null;
  source: AuditSource | null;
  /** Every event of one action, from request to result. */
  correlationId: string;
  /** Days, `2026-12-01`, in the reader's time zone; `to` is the last day shown. */
  from: string;
  to: string;
  /** Words of the reason. */
  search: string;
  /** Show failed sign-ins, folded away by default. */
  noise: boolean;
}

export const TEXT_FILTERS = ['user', 'action', 'target', 'correlationId', 'from', 'to', 'search'] as const;
export type TextFilterKey = (typeof TEXT_FILTERS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a local day as an instant; the day after for `to`, so the day itself is included. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!DAY.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const start = new Date(y, m - 1, d + plusDays);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

/** The filter as audit.attempts and the export take it: only what is set. */
export function auditQuery(filter: AuditFilter) {
  const from = dayStart(filter.from);
  const to = dayStart(filter.to, 1);
  return {
    ...(filter.user && { user: filter.user }),
    ...(filter.action && { action: filter.action }),
    ...(filter.target && { target: filter.target }),
    ...(filter.outcome && { outcome: filter.outcome }),
    ...(filter.source && { source: filter.source }),
    ...(filter.correlationId && { correlationId: filter.correlationId }),
    ...(from && { from }),
    ...(to && { to }),
    ...(filter.search && { search: filter.search }),
    ...(filter.noise && { includeNoise: true }),
  };
}

/** The export's address for what the page shows. */
export function exportHref(filter: AuditFilter, format: 'csv' | 'jsonl'): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(auditQuery(filter))) params.set(key, String(value));
  return `/api/audit/export?${params.toString()}`;
}

/** `/audit?user=alice&outcome=denied`; each change is a new history entry. */
const auditFilter: UrlFilterCodec<AuditFilter> = {
  read(params) {
    const outcome = params.get('outcome');
    const source = params.get('source');
    const text = (key: TextFilterKey) => params.get(key)?.trim() ?? '';
    return {
      user: text('user'),
      action: text('action'),
      target: text('target'),
      outcome: isAuditOutcome(outcome) ? outcome : null,
      source: source === 'portal' || source === 'cloudtrail' ? source : null,
      correlationId: text('correlationId'),
      from: DAY.test(text('from')) ? text('from') : '',
      to: DAY.test(text('to')) ? text('to') : '',
      search: text('search'),
      noise: params.get('noise') === 'shown',
    };
  },
  write(filter) {
    const params = new URLSearchParams();
    for (const key of TEXT_FILTERS) if (filter[key]) params.set(key, filter[key]);
    if (filter.outcome) params.set('outcome', filter.outcome);
    if (filter.source) params.set('source', filter.source);
    if (filter.noise) params.set('noise', 'shown');
    return params;
  },
  cleared: { user: '', action: '', target: '', outcome: null, source: null, correlationId: '', from: '', to: '', search: '', noise: false },
  isFiltered: (filter) => TEXT_FILTERS.some((key) => filter[key] !== '') || filter.outcome !== null || filter.source !== null,
  history: 'push',
};

export const useAuditFilter = () => useUrlFilter(auditFilter);
