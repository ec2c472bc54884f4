import type { PrismaClient } from '../generated/prisma/client.ts';
import { type NodeStatus, STATUS_RANK } from './node-health-store.ts';
import { type AgentState, agentStateOf, type NodeQuery, nodeWhere } from './node-list.ts';

const statusOf = (value: string): NodeStatus => (Object.hasOwn(STATUS_RANK, value) ? (value as NodeStatus) : 'unknown');

export interface FacetCount<T extends string = string> {
  value: T;
  count: number;
}

type Facet = 'status' | 'workerType' | 'asgName' | 'availabilityZone' | 'reason' | 'agent' | 'lifecycleState';

function tally<T extends string>(pairs: [T, number][]): FacetCount<T>[] {
  const counts = new Map<T, number>();
  for (const [value, count] of pairs) counts.set(value, (counts.get(value) ?? 0) + count);
  return [...counts].map(([value, count]) => ({ value, count }));
}

const byName = (a: FacetCount, b: FacetCount) => a.value.localeCompare(b.value);
const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || byName(a, b);

/**
 * What each filter would find: the counts of every value under all the other filters, so a count
 * beside a value is what clicking it shows ("disk-full 3" among the unhealthy rhel8 builders).
 * A handful of GROUP BYs, whatever the number of nodes.
 */
export async function nodeFacets(prisma: PrismaClient, query: NodeQuery) {
  const without = (facet: Facet) => nodeWhere({ ...query, [facet]: undefined });
  const count = { _count: { _all: true } } as const;
  const [statuses, workerTypes, asgs, zones, reasonSets, agents, lifecycleStates] = await Promise.all([
    prisma.node.groupBy({ by: ['status'], where: without('status'), ...count }),
    prisma.node.groupBy({ by: ['workerType'], where: without('workerType'), ...count }),
    prisma.node.groupBy({ by: ['asgName'], where: without('asgName'), ...count }),
    prisma.node.groupBy({ by: ['availabilityZone'], where: without('availabilityZone'), ...count }),
    // Grouped by the whole set of codes (few distinct sets in a fleet), then counted per code.
    prisma.node.groupBy({ by: ['reasonCodes'], where: without('reason'), ...count }),
    prisma.node.groupBy({ by: ['agentPresent', 'agentOffline', 'agentTemporarilyOffline'], where: without('agent'), ...count }),
    prisma.node.groupBy({ by: ['lifecycleState'], where: without('lifecycleState'), ...count }),
  ]);
  const named = <K extends string>(rows: ({ _count: { _all: number } } & Record<K, string | null>)[], key: K) =>
    tally(rows.flatMap((r) => (r[key] ? [[r[key], r._count._all] as [string, number]] : []))).sort(byName);
  return {
    statuses: tally(statuses.map((r) => [statusOf(r.status), r._count._all])).sort(byCount),
    workerTypes: named(workerTypes, 'workerType'),
    asgs: named(asgs, 'asgName'),
    availabilityZones: named(zones, 'availabilityZone'),
    reasons: tally(reasonSets.flatMap((r) => r.reasonCodes.map((code) => [code, r._count._all] as [string, number]))).sort(byCount),
    agents: tally(agents.map((r) => [agentStateOf(r), r._count._all] as [AgentState, number])).sort(byCount),
    lifecycleStates: named(lifecycleStates, 'lifecycleState'),
  };
}

export type NodeFacets = Awaited<ReturnType<typeof nodeFacets>>;
