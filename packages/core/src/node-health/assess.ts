import { formatDuration } from '../duration.ts';
import { agentReading } from './agent-signal.ts';
import { asgReading, ec2Reading } from './aws-signals.ts';
import { exporterReading } from './exporter-signal.ts';
import { housekeepingReading } from './housekeeping-signal.ts';
import { phaseOf } from './phase.ts';
import { withSince } from './signal.ts';
import type { HealthContext, HealthReason, HealthStatus, NodeHealth, NodeObservation, ReasonSeverity } from './types.ts';

export const SEVERITY_RANK: Record<ReasonSeverity, number> = { unknown: 0, degraded: 1, unhealthy: 2 };

/** One derived status for a node from every signal about it, with the reasons, worst first. */
export function assessNodeHealth(node: NodeObservation, context: HealthContext): NodeHealth {
  const phase = phaseOf(node, context);
  const readings = [asgReading(node, context), ec2Reading(node, context), agentReading(node, phase, context), exporterReading(node, phase, context), housekeepingReading(node)];
  const reasons = readings.flatMap((reading) => reading.reasons);
  const awaited = readings.flatMap((reading) => (reading.awaited ? [reading.awaited] : []));
  if (phase.booting && awaited.length > 0) {
    const message = `booting (${phase.booting}): waiting for ${awaited.join(' and ')}, expected within ${formatDuration(context.thresholds.agentOnlineTimeout)}`;
    reasons.push(withSince({ code: 'node-booting', severity: 'unknown', signal: 'node', message }, node.launchTime));
  }
  reasons.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  return { status: statusOf(reasons, readings.some((reading) => reading.definite)), reasons };
}

/**
 * The precedence: any unhealthy reason makes the node unhealthy, else any degraded reason degraded.
 * Without either it is unknown while it boots and waits for its agent or exporter, or when no signal
 * gave a fresh reading of its own (all missing or stale); otherwise healthy, with any unknown
 * signals still listed as reasons.
 */
export function statusOf(reasons: readonly HealthReason[], anySignalRead: boolean): HealthStatus {
  if (reasons.some((reason) => reason.severity === 'unhealthy')) return 'unhealthy';
  if (reasons.some((reason) => reason.severity === 'degraded')) return 'degraded';
  if (reasons.some((reason) => reason.code === 'node-booting') || !anySignalRead) return 'unknown';
  return 'healthy';
}
