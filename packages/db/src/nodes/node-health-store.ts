import { type ReasonSeverity, severityScore } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { writeNodes } from './node-table-lock.ts';

export const STATUS_RANK = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 } as const;
export type NodeStatus = keyof typeof STATUS_RANK;

export interface NodeEvaluation {
  instanceId: string;
  status: NodeStatus;
  reasons: { code: string; severity: string; message: string; signal: string; since?: Date | string | null }[];
}

/**
 * Writes the derived status of every node whose status or reasons changed, and one history row for
 * each node whose status changed (a first evaluation counts as a change from nothing). A node judged
 * as before is not written: when it was last judged is the health source's last success.
 */
export async function recordNodeHealth(prisma: PrismaClient, evaluations: NodeEvaluation[], at: Date): Promise<{ changed: number }> {
  if (evaluations.length === 0) return { changed: 0 };
  const records = JSON.stringify(
    evaluations.map((e) => ({
      instance_id: e.instanceId,
      status: e.status,
      rank: STATUS_RANK[e.status],
      severity: severityScore(e.reasons as { code: string; severity: ReasonSeverity }[]),
      reasons: e.reasons,
      codes: [...new Set(e.reasons.map((r) => r.code))],
    })),
  );
  const stamp = at.toISOString();
  return writeNodes(prisma, async (tx) => {
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
      `UPDATE node AS n SET status = x.status, status_rank = x.rank, severity = x.severity, reasons = x.reasons, reason_codes = x.codes,
              status_since = CASE WHEN n.status = x.status THEN n.status_since ELSE $2::timestamp(3) END, evaluated_at = $2::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS x(instance_id text, status text, rank int, severity int, reasons jsonb, codes text[])
        WHERE n.instance_id = x.instance_id
          AND (n.status <> x.status OR n.status_rank <> x.rank OR n.severity <> x.severity OR n.reasons IS DISTINCT FROM x.reasons OR n.reason_codes IS DISTINCT FROM x.codes)`,
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
  /** When the mismatch began, where the rules know it; otherwise the first time the portal saw it. */
  since: Date | null;
}

const findingId = (f: FindingRecord) => `${f.kind}:${f.instanceId ?? f.agentName ?? ''}`;

/**
 * Keeps the findings seen now open and resolves those no longer seen, in two statements whatever
 * their number. An open finding keeps the earliest start seen in its spell; one that comes back
 * after it was resolved starts a new spell.
 */
export async function recordFindings(prisma: PrismaClient, findings: FindingRecord[], at: Date): Promise<void> {
  const stamp = at.toISOString();
  const unique = new Map(findings.map((f) => [findingId(f), f]));
  const records = JSON.stringify(
    [...unique].map(([id, f]) => ({ id, kind: f.kind, instance_id: f.instanceId, agent_name: f.agentName, message: f.message, since: f.since?.toISOString() ?? null })),
  );
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO node_finding (id, kind, instance_id, agent_name, message, since, last_seen_at, resolved_at)
       SELECT x.id, x.kind, x.instance_id, x.agent_name, x.message, COALESCE(x.since, $2::timestamp(3)), $2::timestamp(3), NULL
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, instance_id text, agent_name text, message text, since timestamp(3))
       ON CONFLICT (id) DO UPDATE SET
         message = EXCLUDED.message, last_seen_at = EXCLUDED.last_seen_at, resolved_at = NULL,
         since = CASE WHEN node_finding.resolved_at IS NULL THEN LEAST(node_finding.since, EXCLUDED.since) ELSE EXCLUDED.since END`,
      records,
      stamp,
    );
    await tx.$executeRawUnsafe(
      `UPDATE node_finding SET resolved_at = $2::timestamp(3) WHERE resolved_at IS NULL AND id <> ALL($1::text[])`,
      [...unique.keys()],
      stamp,
    );
  });
}
