'use client';

import type { HealthReasonCode, HealthStatus } from '@fleet/core';
import { oneOf, type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';
import { REASON_WORDS } from './reason-words';

export const NODE_SORTS = [
  'status',
  'instanceId',
  'workerType',
  'asgName',
  'availabilityZone',
  'launchTime',
  'lifecycleState',
  'ec2Status',
  'agent',
  'busyExecutors',
  'diskUsedPercent',
  'inodesUsedPercent',
  'loadPerCore',
  'memoryAvailablePercent',
  'diskFullInHours',
  'statusSince',
] as const;
export type NodeSort = (typeof NODE_SORTS)[number];

const STATUSES = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;
const REASONS = Object.keys(REASON_WORDS) as HealthReasonCode[];
const AGENTS = ['online', 'offline', 'temporarily-offline', 'missing', 'unknown'] as const;
export type AgentFilter = (typeof AGENTS)[number];

export const PAGE_SIZES = [50, 100, 200, 500];

export interface NodeFilter {
  status: HealthStatus[];
  workerType: string[];
  asgName: string[];
  availabilityZone: string[];
  reason: HealthReasonCode[];
  agent: AgentFilter[];
  lifecycleState: string[];
  search: string;
  includeGone: boolean;
  /** Null: the API's default, the worst first. */
  sort: NodeSort | null;
  direction: 'asc' | 'desc' | null;
  page: number;
  perPage: number;
}

/** The filters a person sets, as opposed to sort and page. */
export const LIST_FILTERS = ['status', 'workerType', 'asgName', 'availabilityZone', 'reason', 'agent', 'lifecycleState'] as const;
export type ListFilterKey = (typeof LIST_FILTERS)[number];

/** `/nodes?workerType=rhel8-builder&status=unhealthy`: how the overview and others link to a filtered list. */
export function nodesHref(filter: Partial<Pick<NodeFilter, ListFilterKey>>): string {
  const params = new URLSearchParams();
  for (const key of LIST_FILTERS) for (const value of filter[key] ?? []) params.append(key, value);
  const text = params.toString();
  return text ? `/nodes?${text}` : '/nodes';
}

/** What nodes.list takes for this filter. */
export function nodesQuery(filter: NodeFilter) {
  return {
    ...(filter.status.length > 0 && { status: filter.status }),
    ...(filter.workerType.length > 0 && { workerType: filter.workerType }),
    ...(filter.asgName.length > 0 && { asgName: filter.asgName }),
    ...(filter.availabilityZone.length > 0 && { availabilityZone: filter.availabilityZone }),
    ...(filter.reason.length > 0 && { reason: filter.reason }),
    ...(filter.agent.length > 0 && { agent: filter.agent }),
    ...(filter.lifecycleState.length > 0 && { lifecycleState: filter.lifecycleState }),
    ...(filter.search && { search: filter.search }),
    ...(filter.includeGone && { includeGone: true }),
    ...(filter.sort && { sort: filter.sort }),
    ...(filter.direction && { direction: filter.direction }),
    offset: (filter.page - 1) * filter.perPage,
    limit: filter.perPage,
  };
}

/** `/nodes?status=unhealthy&reason=disk-full&sort=diskUsedPercent&dir=desc&page=2`; a new filter, order or page size starts again at the first page. */
const nodeFilter: UrlFilterCodec<NodeFilter> = {
  read(params) {
    const sort = params.get('sort');
    const dir = params.get('dir');
    const page = Number(params.get('page'));
    const perPage = Number(params.get('perPage'));
    return {
      status: oneOf(STATUSES, params.getAll('status')),
      workerType: params.getAll('workerType'),
      asgName: params.getAll('asgName'),
      availabilityZone: params.getAll('availabilityZone'),
      reason: oneOf(REASONS, params.getAll('reason')),
      agent: oneOf(AGENTS, params.getAll('agent')),
      lifecycleState: params.getAll('lifecycleState'),
      search: params.get('search')?.trim() ?? '',
      includeGone: params.get('gone') === '1',
      sort: oneOf(NODE_SORTS, sort ? [sort] : [])[0] ?? null,
      direction: dir === 'asc' || dir === 'desc' ? dir : null,
      page: Number.isInteger(page) && page > 1 ? page : 1,
      perPage: PAGE_SIZES.includes(perPage) ? perPage : PAGE_SIZES[1]!,
    };
  },
  write(filter) {
    const params = new URLSearchParams();
    for (const key of LIST_FILTERS) for (const value of filter[key]) params.append(key, value);
    if (filter.search) params.set('search', filter.search);
    if (filter.includeGone) params.set('gone', '1');
    if (filter.sort) params.set('sort', filter.sort);
    if (filter.direction) params.set('dir', filter.direction);
    if (filter.page > 1) params.set('page', String(filter.page));
    if (filter.perPage !== PAGE_SIZES[1]) params.set('perPage', String(filter.perPage));
    return params;
  },
  cleared: { status: [], workerType: [], asgName: [], availabilityZone: [], reason: [], agent: [], lifecycleState: [], search: '', includeGone: false },
  isFiltered: (filter) => LIST_FILTERS.some((key) => filter[key].length > 0) || filter.search !== '' || filter.includeGone,
  history: 'push',
  adjust: (change) => ({ ...change, page: change.page ?? 1 }),
};

export const useNodeFilter = () => useUrlFilter(nodeFilter);
