import { formatDuration } from '../duration.ts';
import { ageOf, missingReading, NO_READING, ORIGINS, readSignal, type SignalReading, withSince } from './signal.ts';
import type { AsgMemberObservation, Ec2ScheduledEvent, Ec2StatusObservation, HealthContext, HealthReason, NodeObservation } from './types.ts';

/** Auto Scaling's view: its health check, and whether the instance is in service. */
export function asgReading(node: NodeObservation, context: HealthContext): SignalReading {
  return readSignal(ORIGINS.asg, node.asg, context, (asg) => readAsg(asg, node, context), () => NO_READING);
}

function readAsg(asg: AsgMemberObservation, node: NodeObservation, context: HealthContext): SignalReading {
  const reasons: HealthReason[] = [];
  if (asg.healthStatus === 'Unhealthy') {
    reasons.push({
      code: 'asg-unhealthy',
      severity: 'unhealthy',
      signal: 'asg',
      message: `Auto Scaling marks it Unhealthy (${asg.lifecycleState}); it will be replaced`,
    });
  }
  const notInService = notInServiceMessage(asg, node, context);
  if (notInService) reasons.push({ code: 'asg-not-in-service', severity: 'degraded', signal: 'asg', message: notInService });
  // A Pending instance says nothing yet about how it will run.
  return { reasons, definite: reasons.length > 0 || asg.lifecycleState === 'InService' };
}

/** Pending is how every instance starts, so it only counts once it outlasts the agent's online timeout. */
function notInServiceMessage(asg: AsgMemberObservation, node: NodeObservation, context: HealthContext): string | null {
  const state = asg.lifecycleState;
  if (state === 'InService') return null;
  if (!state.startsWith('Pending')) return `${state} in its Auto Scaling group: not taking work`;
  if (!node.launchTime) return null;
  const age = ageOf(node.launchTime, context);
  const timeout = context.thresholds.agentOnlineTimeout;
  if (age <= timeout) return null;
  return `still ${state} ${formatDuration(age)} after launch (expected in service within ${formatDuration(timeout)})`;
}

/** EC2 DescribeInstanceStatus: the instance state, both status checks and scheduled events. */
export function ec2Reading(node: NodeObservation, context: HealthContext): SignalReading {
  return readSignal(ORIGINS.ec2Status, node.ec2Status, context, readEc2, () =>
    missingReading(ORIGINS.ec2Status, 'EC2 has reported no status for this instance yet'),
  );
}

function readEc2(status: Ec2StatusObservation): SignalReading {
  if (status.instanceState === 'pending') return NO_READING;
  if (status.instanceState !== 'running') {
    const reason: HealthReason = { code: 'ec2-not-running', severity: 'unhealthy', signal: 'ec2Status', message: `EC2 instance is ${status.instanceState}` };
    return { reasons: [reason], definite: true };
  }
  const reasons: HealthReason[] = [];
  if (status.systemStatus === 'impaired') {
    reasons.push({ code: 'ec2-system-impaired', severity: 'unhealthy', signal: 'ec2Status', message: 'EC2 system status check failed: AWS hardware, power or network' });
  }
  if (status.instanceStatus === 'impaired') {
    reasons.push({ code: 'ec2-instance-impaired', severity: 'unhealthy', signal: 'ec2Status', message: 'EC2 instance status check failed: the OS or its network configuration' });
  }
  if (status.systemStatus === 'insufficient-data' || status.instanceStatus === 'insufficient-data') {
    reasons.push({ code: 'ec2-status-unknown', severity: 'unknown', signal: 'ec2Status', message: 'EC2 status checks report insufficient data' });
  }
  reasons.push(...status.events.filter(isPending).map(eventReason));
  return { reasons, definite: status.systemStatus === 'ok' && status.instanceStatus === 'ok' };
}

function isPending(event: Ec2ScheduledEvent): boolean {
  return !/^\[(Completed|Canceled)\]/.test(event.description);
}

function eventReason(event: Ec2ScheduledEvent): HealthReason {
  const when = event.notBefore ? ` from ${event.notBefore.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  const message = `${event.code} scheduled${when}: ${event.description}`;
  return withSince({ code: 'ec2-scheduled-event', severity: 'degraded', signal: 'ec2Status', message }, event.notBefore);
}
