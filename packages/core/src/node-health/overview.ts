import { SEVERITY_RANK } from './assess.ts';
import type { HealthStatus, NodeHealth, ReasonSeverity } from './types.ts';

export interface AssessedNode {
  instanceId: string;
  workerType?: string | null;
  health: NodeHealth;
}

export type HealthCounts = Record<HealthStatus, number>;

/** The key under which nodes without a worker type are counted. */
export const NO_WORKER_TYPE = '(none)';

/** How many nodes of each worker type are in each status, for the overview. */
export function healthCounts(nodes: readonly AssessedNode[]): Record<string, HealthCounts> {
  const counts: Record<string, HealthCounts> = {};
  for (const node of nodes) {
    const key = node.workerType || NO_WORKER_TYPE;
    counts[key] ??= { healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 };
    counts[key][node.health.status] += 1;
  }
  return counts;
}

const STATUS_RANK: Record<HealthStatus, number> = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 };
const SEVERITIES_WORST_FIRST: ReasonSeverity[] = ['unhealthy', 'degraded', 'unknown'];

function countOf(node: AssessedNode, severity: ReasonSeverity): number {
  return node.health.reasons.filter((reason) => reason.severity === severity).length;
}

/** When the node's worst trouble began: the earliest `since` among its reasons of the worst severity. */
function troubleSince(node: AssessedNode): number {
  const reasons = node.health.reasons;
  const worst = Math.max(...reasons.map((reason) => SEVERITY_RANK[reason.severity]));
  const times = reasons.filter((reason) => SEVERITY_RANK[reason.severity] === worst && reason.since).map((reason) => reason.since!.getTime());
  return times.length > 0 ? Math.min(...times) : Number.POSITIVE_INFINITY;
}

/**
 * The `n` nodes most in need of a look, healthy ones never: unhealthy first, then degraded, then
 * unknown; within a status more unhealthy reasons, then more degraded, then more unknown; then the
 * longest-standing trouble; then by instance id so the order is stable.
 */
export function worstNodes<T extends AssessedNode>(nodes: readonly T[], n: number): T[] {
  return nodes
    .filter((node) => node.health.status !== 'healthy')
    .map((node) => ({ node, counts: SEVERITIES_WORST_FIRST.map((severity) => countOf(node, severity)), since: troubleSince(node) }))
    .sort(
      (a, b) =>
        STATUS_RANK[b.node.health.status] - STATUS_RANK[a.node.health.status] ||
        b.counts[0]! - a.counts[0]! ||
        b.counts[1]! - a.counts[1]! ||
        b.counts[2]! - a.counts[2]! ||
        a.since - b.since ||
        a.node.instanceId.localeCompare(b.node.instanceId),
    )
    .slice(0, Math.max(0, n))
    .map(({ node }) => node);
}
