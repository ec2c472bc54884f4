import type { PrismaClient } from '../generated/prisma/client.ts';
import { nodeSeenTimes } from './node-seen.ts';

/** One node, with the time each source last saw it. */
export async function findNode(prisma: PrismaClient, instanceId: string) {
  const row = await prisma.node.findUnique({ where: { instanceId } });
  return row ? (await nodeSeenTimes(prisma, [row]))[0]! : null;
}

/** A node's newest status changes and how many there are in all. */
export async function listStatusChanges(prisma: PrismaClient, instanceId: string, take: number) {
  const [changes, total] = await Promise.all([
    prisma.nodeStatusChange.findMany({ where: { instanceId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take }),
    prisma.nodeStatusChange.count({ where: { instanceId } }),
  ]);
  return { changes, total };
}

/** The findings naming a node as instance or agent: open ones first, then those resolved since `resolvedSince`. */
export function listFindingsOfNode(prisma: PrismaClient, instanceId: string, resolvedSince: Date, take: number) {
  return prisma.nodeFinding.findMany({
    where: { AND: [{ OR: [{ instanceId }, { agentName: instanceId }] }, { OR: [{ resolvedAt: null }, { resolvedAt: { gte: resolvedSince } }] }] },
    orderBy: [{ resolvedAt: { sort: 'desc', nulls: 'first' } }, { since: 'asc' }],
    take,
  });
}

export type FindingRow = Awaited<ReturnType<typeof listFindingsOfNode>>[number];

/** Live nodes that are not healthy, the worst and longest so first. */
export async function listWorstNodes(prisma: PrismaClient, take: number) {
  const rows = await prisma.node.findMany({
    where: { goneAt: null, status: { not: 'healthy' } },
    orderBy: [{ statusRank: 'desc' }, { severity: 'desc' }, { statusSince: 'asc' }, { instanceId: 'asc' }],
    take,
  });
  return nodeSeenTimes(prisma, rows);
}

/** How many findings of each kind are open, the most frequent first. */
export async function openFindingCounts(prisma: PrismaClient) {
  const rows = await prisma.nodeFinding.groupBy({ by: ['kind'], where: { resolvedAt: null }, _count: { _all: true } });
  return rows.map((f) => ({ kind: f.kind, count: f._count._all })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

/** Findings, longest open first; open ones only unless resolved ones are asked for. */
export async function listFindings(prisma: PrismaClient, query: { kind?: string; includeResolved: boolean; limit: number }) {
  const where = { ...(query.kind && { kind: query.kind }), ...(!query.includeResolved && { resolvedAt: null }) };
  const [items, total] = await Promise.all([
    prisma.nodeFinding.findMany({ where, orderBy: [{ resolvedAt: { sort: 'desc', nulls: 'first' } }, { since: 'asc' }, { id: 'asc' }], take: query.limit }),
    prisma.nodeFinding.count({ where }),
  ]);
  return { items, total };
}
