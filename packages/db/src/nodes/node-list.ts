import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { STATUS_RANK, type NodeStatus } from './node-health-store.ts';
import { nodeSeenTimes } from './node-seen.ts';

export const NODE_SORT_KEYS = {
  status: 'statusRank',
  instanceId: 'instanceId',
  workerType: 'workerType',
  asgName: 'asgName',
  availabilityZone: 'availabilityZone',
  launchTime: 'launchTime',
  lifecycleState: 'lifecycleState',
  ec2Status: 'ec2InstanceStatus',
  agent: 'agentOfflineSince',
  busyExecutors: 'agentBusyExecutors',
  diskUsedPercent: 'diskUsedPercent',
  inodesUsedPercent: 'inodesUsedPercent',
  loadPerCore: 'loadPerCore',
  memoryAvailablePercent: 'memoryAvailablePercent',
  diskFullInHours: 'diskFullInHours',
  statusSince: 'statusSince',
} as const satisfies Record<string, keyof Prisma.NodeOrderByWithRelationInput>;

export type NodeSortKey = keyof typeof NODE_SORT_KEYS;
export type AgentState = 'online' | 'offline' | 'temporarily-offline' | 'missing' | 'unknown';

/** An agent's state as Jenkins last told it, or unknown before Jenkins was read. */
export function agentStateOf(row: { agentPresent: boolean | null; agentOffline: boolean | null; agentTemporarilyOffline: boolean | null }): AgentState {
  if (row.agentPresent === null) return 'unknown';
  if (!row.agentPresent) return 'missing';
  if (row.agentTemporarilyOffline) return 'temporarily-offline';
  return row.agentOffline ? 'offline' : 'online';
}

export interface NodeQuery {
  status?: NodeStatus[];
  workerType?: string[];
  asgName?: string[];
  availabilityZone?: string[];
  /** Nodes with any of these reasons (e.g. disk-full). */
  reason?: string[];
  agent?: AgentState[];
  /** Auto Scaling lifecycle states, e.g. InService, Terminating:Wait. */
  lifecycleState?: string[];
  /** Part of the instance id, AMI or private IP. */
  search?: string;
  /** AMIs built from the commit the search names, looked up by the caller: a search by sha finds their nodes too. */
  searchImageIds?: string[];
  /** Nodes no source lists any more are hidden unless asked for. */
  includeGone?: boolean;
  sort?: NodeSortKey;
  direction?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

function agentWhere(state: AgentState): Prisma.NodeWhereInput {
  switch (state) {
    case 'online':
      return { agentPresent: true, agentOffline: false };
    case 'offline':
      return { agentPresent: true, agentOffline: true, agentTemporarilyOffline: false };
    case 'temporarily-offline':
      return { agentPresent: true, agentTemporarilyOffline: true };
    case 'missing':
      return { agentPresent: false };
    case 'unknown':
      return { agentPresent: null };
  }
}

export function nodeWhere(query: NodeQuery): Prisma.NodeWhereInput {
  const and: Prisma.NodeWhereInput[] = [];
  if (!query.includeGone) and.push({ goneAt: null });
  if (query.status?.length) and.push({ statusRank: { in: query.status.map((s) => STATUS_RANK[s]) } });
  if (query.workerType?.length) and.push({ workerType: { in: query.workerType } });
  if (query.asgName?.length) and.push({ asgName: { in: query.asgName } });
  if (query.availabilityZone?.length) and.push({ availabilityZone: { in: query.availabilityZone } });
  if (query.reason?.length) and.push({ reasonCodes: { hasSome: query.reason } });
  if (query.agent?.length) and.push({ OR: query.agent.map(agentWhere) });
  if (query.lifecycleState?.length) and.push({ lifecycleState: { in: query.lifecycleState } });
  const search = query.search?.trim();
  if (search) {
    and.push({
      OR: [
        { instanceId: { contains: search, mode: 'insensitive' } },
        { imageId: { contains: search, mode: 'insensitive' } },
        { privateIp: { startsWith: search } },
        ...(query.searchImageIds?.length ? [{ imageId: { in: query.searchImageIds } }] : []),
      ],
    });
  }
  return { AND: and };
}

/** One page of nodes, filtered and sorted in the database; the worst first unless asked otherwise. */
export async function listNodes(prisma: PrismaClient, query: NodeQuery) {
  const where = nodeWhere(query);
  const direction = query.direction ?? (query.sort === undefined || query.sort === 'status' ? 'desc' : 'asc');
  const column = NODE_SORT_KEYS[query.sort ?? 'status'];
  // Nulls (no signal) go last either way; the instance id keeps pages stable.
  const orderBy: Prisma.NodeOrderByWithRelationInput[] = [{ [column]: { sort: direction, nulls: 'last' } }, { instanceId: 'asc' }];
  if (column === 'instanceId') orderBy[0] = { instanceId: direction };
  // Within a status, the node whose reasons are worse comes first (or last, the other way round).
  if (column === 'statusRank') orderBy.splice(0, 1, { statusRank: direction }, { severity: direction });
  const [rows, total] = await Promise.all([
    prisma.node.findMany({ where, orderBy, skip: query.offset ?? 0, take: query.limit ?? 100 }),
    prisma.node.count({ where }),
  ]);
  return { items: await nodeSeenTimes(prisma, rows), total };
}

/** How many nodes of each worker type are in each status. */
export async function nodeStatusCounts(prisma: PrismaClient) {
  const rows = await prisma.node.groupBy({ by: ['workerType', 'status'], where: { goneAt: null }, _count: { _all: true } });
  return rows.map((r) => ({ workerType: r.workerType, status: r.status as NodeStatus, count: r._count._all }));
}
