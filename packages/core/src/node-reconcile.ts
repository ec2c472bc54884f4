import { formatDuration } from './duration.ts';
import { causeSummary } from './node-health/cause.ts';
import type { HealthThresholds } from './health-config.ts';
import type { AgentObservation, NodeObservation } from './node-health/types.ts';

/** The EC2 Fleet plugin names each agent by its instance id; other names are not fleet agents. */
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

export function isFleetAgentName(name: string): boolean {
  return INSTANCE_ID.test(name);
}

/**
 * The instance an EC2 Fleet agent runs on, from the name `/computer/api/json` shows. The plugin
 * names the node by the instance id but displays it as `<cloud name> <instance id>` (and adds
 * ` Builds left: N ` when maxTotalUses is set); a cloud name Jenkins refuses leaves the id alone.
 * Null for an agent that is no instance's (the built-in node, a static agent).
 */
export function fleetInstanceOfAgent(displayName: string): string | null {
  const builds = displayName.replace(/\s+Builds left: \d+\s*$/, '');
  const last = builds.trim().split(/\s+/).at(-1) ?? '';
  return INSTANCE_ID.test(last) ? last : null;
}

export type ReconcileFindingKind = 'agent-without-instance' | 'instance-without-agent' | 'agent-offline-instance-healthy';

export interface ReconcileFinding {
  kind: ReconcileFindingKind;
  instanceId: string;
  /** Null when there is no agent. */
  agentName: string | null;
  /** When the mismatch began, where it is known. */
  since: Date | null;
  lastedMs: number | null;
  message: string;
}

export type ReconcileInstance = Pick<NodeObservation, 'instanceId' | 'launchTime' | 'asg' | 'ec2Status'>;
export type ReconcileAgent = Pick<AgentObservation, 'name' | 'offline' | 'temporarilyOffline' | 'offlineCauseReason' | 'offlineSince'>;

export interface ReconcileInput {
  /** Every instance AWS lists in the configured accounts and regions, terminated ones included. */
  instances: readonly ReconcileInstance[];
  agents: readonly ReconcileAgent[];
  now: Date;
  thresholds: Pick<HealthThresholds, 'agentOnlineTimeout' | 'agentOfflineAfter'>;
}

const GONE = ['shutting-down', 'terminated'];

/**
 * Where AWS and Jenkins disagree about the fleet: an agent left behind by an instance that is gone,
 * an instance in service that never got an agent, and an agent offline on an instance AWS finds
 * healthy. Longest-standing first.
 */
export function reconcileNodes(input: ReconcileInput): ReconcileFinding[] {
  const instances = new Map(input.instances.map((instance) => [instance.instanceId, instance]));
  const agents = input.agents.filter((agent) => isFleetAgentName(agent.name));
  const agentNames = new Set(agents.map((agent) => agent.name));
  const findings = [
    ...agents.flatMap((agent) => agentFindings(agent, instances.get(agent.name), input)),
    ...input.instances.filter((instance) => !agentNames.has(instance.instanceId)).flatMap((instance) => missingAgent(instance, input)),
  ];
  return findings.sort((a, b) => (b.lastedMs ?? -1) - (a.lastedMs ?? -1) || a.instanceId.localeCompare(b.instanceId));
}

function finding(kind: ReconcileFindingKind, instanceId: string, agentName: string | null, since: Date | null, now: Date, message: string): ReconcileFinding {
  return { kind, instanceId, agentName, since, lastedMs: since ? now.getTime() - since.getTime() : null, message };
}

function agentFindings(agent: ReconcileAgent, instance: ReconcileInstance | undefined, input: ReconcileInput): ReconcileFinding[] {
  const { now } = input;
  const state = instance?.ec2Status?.instanceState;
  if (!instance || (state && GONE.includes(state))) {
    const why = instance ? `its instance is ${state}` : 'AWS lists no such instance in the configured accounts';
    const message = `Jenkins agent ${agent.name} is still there, but ${why}`;
    return [finding('agent-without-instance', agent.name, agent.name, agent.offlineSince ?? null, now, message)];
  }
  // A person's "temporarily offline" is deliberate; a short disconnect is not worth a finding.
  if (!agent.offline || agent.temporarilyOffline || !agent.offlineSince) return [];
  if (now.getTime() - agent.offlineSince.getTime() <= input.thresholds.agentOfflineAfter) return [];
  const status = instance.ec2Status;
  const awsHealthy = status?.instanceState === 'running' && status.systemStatus === 'ok' && status.instanceStatus === 'ok' && instance.asg?.healthStatus === 'Healthy';
  if (!awsHealthy) return [];
  const cause = causeSummary(agent.offlineCauseReason) || 'no cause given';
  const message = `Jenkins agent ${agent.name} offline while EC2 status checks pass and Auto Scaling says Healthy: ${cause}`;
  return [finding('agent-offline-instance-healthy', instance.instanceId, agent.name, agent.offlineSince, now, message)];
}

/** Only instances in service count, and only once the agent's online timeout has passed since launch. */
function missingAgent(instance: ReconcileInstance, input: ReconcileInput): ReconcileFinding[] {
  const { now } = input;
  if (instance.asg?.lifecycleState !== 'InService' || !instance.launchTime) return [];
  const age = now.getTime() - instance.launchTime.getTime();
  if (age <= input.thresholds.agentOnlineTimeout) return [];
  const message = `${instance.instanceId} is InService with no Jenkins agent, later than ${formatDuration(input.thresholds.agentOnlineTimeout)} after launch`;
  return [finding('instance-without-agent', instance.instanceId, null, instance.launchTime, now, message)];
}
