import { formatDuration } from '../duration.ts';
import { causeSummary } from './cause.ts';
import { notDueYet, type NodePhase } from './phase.ts';
import { ageOf, ORIGINS, readSignal, type SignalReading, withSince } from './signal.ts';
import type { AgentObservation, HealthContext, HealthReason, NodeObservation } from './types.ts';

const AWAITED = 'the Jenkins agent';

/** The node's Jenkins agent: online, taken offline by a person, offline on its own, or not there. */
export function agentReading(node: NodeObservation, phase: NodePhase, context: HealthContext): SignalReading {
  return readSignal(
    ORIGINS.agent,
    node.agent,
    context,
    (agent) => readAgent(agent, phase, context),
    () => missingAgent(node, phase, context),
  );
}

function readAgent(agent: AgentObservation, phase: NodePhase, context: HealthContext): SignalReading {
  if (!agent.offline) return { reasons: [], definite: true };
  const cause = causeSummary(agent.offlineCauseReason);
  const since = agent.offlineSince ?? undefined;
  const lasted = since ? ` for ${formatDuration(ageOf(since, context))}` : '';
  if (agent.temporarilyOffline) {
    const reason: HealthReason = {
      code: 'agent-temporarily-offline',
      severity: 'degraded',
      signal: 'agent',
      message: `Jenkins agent taken offline by a person${lasted}: ${cause || 'no reason given'}`,
    };
    return { reasons: [withSince(reason, since)], definite: true };
  }
  // An agent still connecting, or one of an instance leaving service, is offline by design.
  const notDue = notDueYet(phase, AWAITED);
  if (notDue) return notDue;
  const overdue = since !== undefined && ageOf(since, context) > context.thresholds.agentOfflineAfter;
  const reason: HealthReason = {
    code: 'agent-offline',
    severity: overdue ? 'unhealthy' : 'degraded',
    signal: 'agent',
    message: `Jenkins agent offline${lasted}: ${cause || 'no cause given'}`,
  };
  return { reasons: [withSince(reason, since)], definite: true };
}

function missingAgent(node: NodeObservation, phase: NodePhase, context: HealthContext): SignalReading {
  const notDue = notDueYet(phase, AWAITED);
  if (notDue) return notDue;
  const timeout = formatDuration(context.thresholds.agentOnlineTimeout);
  const after = node.launchTime ? ` ${formatDuration(ageOf(node.launchTime, context))} after launch` : '';
  const reason: HealthReason = {
    code: 'agent-missing',
    severity: 'unhealthy',
    signal: 'agent',
    message: `no Jenkins agent for this instance${after} (expected within ${timeout})`,
  };
  return { reasons: [withSince(reason, node.launchTime)], definite: true };
}
