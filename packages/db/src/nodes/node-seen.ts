import type { PrismaClient } from '../generated/prisma/client.ts';

type NodeRow = Awaited<ReturnType<PrismaClient['node']['findMany']>>[number];

/** The sync sources that write a node's reading only when it changes, per account and region. */
export const SEEN_BY = { groups: 'autoscaling.groups', ec2Status: 'ec2.instance-status' } as const;

const keyOf = (kind: string, accountId: string | null, region: string | null) => `${kind}:${accountId ?? ''}:${region ?? ''}`;

const later = (a: Date | null, b: Date | undefined): Date | null => (a && b && b > a ? b : a);

/**
 * Nodes with the time each AWS source last saw them. The Auto Scaling copy and the EC2 status
 * listing write a node only when its reading changes, so a node a source still lists was seen at
 * that source's last good read of its account and region, kept once in `sync_source`. One query
 * for any number of nodes.
 */
export async function nodeSeenTimes<T extends NodeRow>(prisma: PrismaClient, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const sources = await prisma.syncSource.findMany({
    where: { kind: { in: Object.values(SEEN_BY) }, lastSuccessAt: { not: null } },
    select: { kind: true, accountId: true, region: true, lastSuccessAt: true },
  });
  const success = new Map(sources.map((s) => [keyOf(s.kind, s.accountId, s.region), s.lastSuccessAt!]));
  return rows.map((row) => ({
    ...row,
    asgObservedAt: row.goneAt === null ? later(row.asgObservedAt, success.get(keyOf(SEEN_BY.groups, row.accountId, row.region))) : row.asgObservedAt,
    ec2ObservedAt: row.ec2Listed ? later(row.ec2ObservedAt, success.get(keyOf(SEEN_BY.ec2Status, row.accountId, row.region))) : row.ec2ObservedAt,
  }));
}
