import { formatDuration } from '../duration.ts';
import { ageOf, isFresh, NO_READING, type SignalReading } from './signal.ts';
import type { HealthContext, NodeObservation } from './types.ts';

/** Where a node is in its life, which decides whether a missing agent or exporter is a fault. */
export interface NodePhase {
  /** Why the node counts as still booting, or null once it is up. */
  booting: string | null;
  /** Whether it should be taking work now: up, and in service in its group (or in no group). */
  serving: boolean;
}

/**
 * A node is booting while it is younger than the agent's online timeout, Auto Scaling has it Pending,
 * EC2 has it pending, or its status checks are still initializing. Only fresh data counts, so a
 * stale "initializing" never keeps a node booting forever.
 */
export function phaseOf(node: NodeObservation, context: HealthContext): NodePhase {
  const booting = bootingCause(node, context);
  const asg = isFresh(node.asg, context, context.thresholds.asgStaleAfter) ? node.asg : null;
  return { booting, serving: booting === null && (!asg || asg.lifecycleState === 'InService') };
}

function bootingCause(node: NodeObservation, context: HealthContext): string | null {
  if (node.launchTime) {
    const age = ageOf(node.launchTime, context);
    if (age < context.thresholds.agentOnlineTimeout) return `launched ${formatDuration(age)} ago`;
  }
  if (node.asg && isFresh(node.asg, context, context.thresholds.asgStaleAfter) && node.asg.lifecycleState.startsWith('Pending')) {
    return `Auto Scaling lifecycle ${node.asg.lifecycleState}`;
  }
  const ec2 = isFresh(node.ec2Status, context) ? node.ec2Status : null;
  if (ec2?.instanceState === 'pending') return 'EC2 instance pending';
  if (ec2?.systemStatus === 'initializing' || ec2?.instanceStatus === 'initializing') return 'EC2 status checks initializing';
  return null;
}

/**
 * What an absent or offline agent or exporter means before the node should have one: awaited while
 * it boots, nothing while it is out of service; null once its absence is a fault.
 */
export function notDueYet(phase: NodePhase, awaited: string): SignalReading | null {
  if (phase.booting) return { ...NO_READING, awaited };
  return phase.serving ? null : NO_READING;
}
