import type { PrismaClient } from '../generated/prisma/client.ts';

export const STATUS_RANK = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 } as const;
export type NodeStatus = keyof typeof STATUS_RANK;

export interface NodeEvaluation {
  instanceId: string;
  status: NodeStatus;
  reasons: { code: string; severity: string; message: string; signal: string; since?: Date | string | null }[];
}

/**
 * Writes the derived status of every node evaluated, and one history row for each node whose status
 * changed (a first evaluation counts as a change from nothing).
 */
export async function recordNodeHealth(prisma: PrismaClient, evaluations: NodeEvaluation[], at: Date): Promise<{ changed: number }> {
  if (evaluations.length === 0) return { changed: 0 };
  const records = JSON.stringify(
    evaluations.map((e) => ({
      instance_id: e.instanceId,
      status: e.status,
      rank: STATUS_RANK[e.status],
      reasons: e.reasons,
      codes: [...new Set(e.reasons.map((r) => r.code))],
    })),
  );
  const stamp = at.toISOString();
  return prisma.$transaction(async (tx) => {
    const changed = await tx.$executeRawUnsafe(
      `INSERT INTO node_status_change (instance_id, at, from_status, to_status, reasons)
       SELECT n.instance_id, $2::timestamp(3), CASE WHEN EXISTS (SELECT 1 FROM node_status_change c WHERE c.instance_id = n.instance_id) THEN n.status END, x.status, x.reasons
         FROM jsonb_to_recordset($1::jsonb) AS x(instance_id text, status text, reasons jsonb)
         JOIN node n ON n.instance_id = x.instance_id
        WHERE n.status <> x.status OR NOT EXISTS (SELECT 1 FROM node_status_change c WHERE c.instance_id = n.instance_id)`,
      records,
      stamp,
    );
    await tx.$executeRawUnsafe(
      `UPDATE node AS n SET status = x.status, status_rank = x.rank, reasons = x.reasons, reason_codes = x.codes,
              status_since = CASE WHEN n.status = x.status THEN n.status_since ELSE $2::timestamp(3) END, evaluated_at = $2::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS x(instance_id text, status text, rank int, reasons jsonb, codes text[])
        WHERE n.instance_id = x.instance_id`,
      records,
      stamp,
    );
    return { changed };
  });
}

export interface FindingRecord {
  kind: string;
  instanceId: string | null;
  agentName: string | null;
  message: string;
  since: Date;
}

const findingId = (f: FindingRecord) => `${f.kind}:${f.instanceId ?? f.agentName ?? ''}`;

/** Keeps the findings seen now open (since when they were first seen) and resolves those no longer seen. */
export async function recordFindings(prisma: PrismaClient, findings: FindingRecord[], at: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const f of findings) {
      const id = findingId(f);
      await tx.nodeFinding.upsert({
        where: { id },
        create: { id, kind: f.kind, instanceId: f.instanceId, agentName: f.agentName, message: f.message, since: f.since, lastSeenAt: at },
        // A finding that comes back after it was resolved starts a new spell: its since comes from the rules.
        update: { message: f.message, since: f.since, lastSeenAt: at, resolvedAt: null },
      });
    }
    await tx.nodeFinding.updateMany({ where: { resolvedAt: null, id: { notIn: findings.map(findingId) } }, data: { resolvedAt: at } });
  });
}
