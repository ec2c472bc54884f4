import { SEVERITY_RANK } from './assess.ts';
import type { HealthReasonCode } from './reason-codes.ts';
import type { ReasonSeverity } from './types.ts';

/**
 * Within one severity, how badly a reason keeps the node from running builds (0–9): a dead
 * instance before a full disk before a stale reading.
 */
const REASON_WEIGHT: Record<HealthReasonCode, number> = {
  'ec2-not-running': 9,
  'ec2-system-impaired': 9,
  'ec2-instance-impaired': 9,
  'asg-unhealthy': 8,
  'agent-offline': 7,
  'asg-not-in-service': 6,
  'disk-full': 6,
  'inodes-full': 6,
  'memory-low': 5,
  'agent-missing': 5,
  'load-high': 4,
  'disk-filling': 4,
  'inodes-filling': 4,
  'ec2-scheduled-event': 3,
  'agent-temporarily-offline': 3,
  'housekeeping-failing': 3,
  'exporter-down': 2,
  'ec2-status-unknown': 1,
  'signal-stale': 1,
  'signal-missing': 1,
  'source-missing': 0,
  'node-booting': 0,
};

const COUNTED = 3;

/** One reason's place on the scale: its severity first, then its weight (0–29). */
function pointsOf(reason: { code: string; severity: ReasonSeverity }): number {
  return SEVERITY_RANK[reason.severity] * 10 + (REASON_WEIGHT[reason.code as HealthReasonCode] ?? 0);
}

/**
 * How bad a node is by its reasons, for sorting nodes of one status worst first: the node whose
 * worst reason is worse comes first, then the one whose second worst is, then the third. A
 * number, so the database can sort a fleet by it.
 */
export function severityScore(reasons: readonly { code: string; severity: ReasonSeverity }[]): number {
  const points = reasons.map(pointsOf).sort((a, b) => b - a);
  let score = 0;
  for (let i = 0; i < COUNTED; i += 1) score = score * 100 + (points[i] ?? 0);
  return score;
}
