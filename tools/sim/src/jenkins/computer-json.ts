import { type JenkinsBuild } from '../world/jenkins/build.ts';
import { type AgentView } from '../world/nodes/nodes.ts';
import { type AgentState } from '../world/nodes/node-state.ts';
import { buildRef } from './job-json.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const BUILT_IN_NODE = '(built-in)';
const AGENT_ROOT = '/var/lib/jenkins';
const DISK_SPACE = 'hudson.node_monitors.DiskSpaceMonitorDescriptor$DiskSpace';

/** What each executor of an agent runs, by executor number. */
export type Executables = (agent: AgentView) => (JenkinsBuild | undefined)[];

/** How a controller shows an agent: the name its computer displays and what its executors run. */
export interface AgentRendering {
  displayName(agent: AgentView): string;
  executables: Executables;
}

/** What `/computer/api/json` lists: the built-in node, then every agent; executors counted over the computers that are online. */
export function computerSetJson(agents: readonly AgentView[], now: Date, depth: number, baseUrl: string, rendering: AgentRendering): Json {
  const online = agents.filter((agent) => isOnline(agent.state));
  return {
    _class: 'hudson.model.ComputerSet',
    busyExecutors: online.reduce((sum, agent) => sum + agent.state.busyExecutors, 0),
    computer: [builtInJson(now), ...agents.map((agent) => agentJson(agent, now, depth, baseUrl, rendering))],
    displayName: 'Nodes',
    totalExecutors: online.reduce((sum, agent) => sum + agent.state.numExecutors, 0),
  };
}

/** The controller's own node, which runs no builds: all of the fleet's work happens on agents. */
export function builtInJson(now: Date): Json {
  return {
    _class: 'hudson.model.Hudson$MasterComputer',
    actions: [],
    assignedLabels: [{ name: 'built-in' }],
    description: "the Jenkins controller's built-in node",
    displayName: 'Built-In Node',
    executors: [],
    icon: 'symbol-computer',
    iconClassName: 'symbol-computer',
    idle: true,
    jnlpAgent: false,
    launchSupported: true,
    loadStatistics: { _class: 'hudson.model.Label$1' },
    manualLaunchAllowed: true,
    monitorData: monitors({ diskAvail: 41_873_465_344, memory: { totalBytes: 16_481_402_880, availableBytes: 9_236_537_344 }, responseTimeMs: 0 }, now),
    numExecutors: 0,
    offline: false,
    offlineCause: null,
    offlineCauseReason: '',
    oneOffExecutors: [],
    temporarilyOffline: false,
  };
}

/** An EC2 Fleet node, named by its instance id. Monitors read nothing while its channel is down. */
export function agentJson(agent: AgentView, now: Date, depth: number, baseUrl: string, rendering: AgentRendering): Json {
  const { state } = agent;
  const connected = state.connection === 'online';
  const offline = !isOnline(state);
  const paused = state.temporarilyOffline !== undefined;
  const icon = paused ? 'symbol-computer-paused' : offline ? 'symbol-computer-offline' : 'symbol-computer';
  const cause = offlineCause(state);
  return {
    _class: 'com.amazon.jenkins.ec2fleet.EC2FleetNodeComputer',
    actions: [],
    assignedLabels: [...agent.labels, agent.name].sort().map((name) => ({ name })),
    description: `Fleet agent for ${agent.name}`,
    displayName: rendering.displayName(agent),
    executors: executors(agent, now, depth, baseUrl, rendering.executables),
    icon,
    iconClassName: icon,
    idle: state.busyExecutors === 0,
    jnlpAgent: false,
    launchSupported: true,
    loadStatistics: { _class: 'hudson.model.Label$1' },
    manualLaunchAllowed: true,
    monitorData: connected && agent.disk && agent.memory ? monitors({ diskAvail: agent.disk.availBytes, memory: agent.memory, responseTimeMs: state.responseTimeMs }, now) : nullMonitors(),
    numExecutors: state.numExecutors,
    offline,
    offlineCause: cause?.json ?? null,
    offlineCauseReason: cause?.reason ?? '',
    oneOffExecutors: [],
    temporarilyOffline: paused,
    absoluteRemotePath: connected ? AGENT_ROOT : null,
  };
}

function isOnline(state: AgentState): boolean {
  return state.connection === 'online' && !state.temporarilyOffline;
}

/**
 * Jenkins keeps one cause: a user's toggle (reason: what they wrote) or the channel's end. Its
 * reason is the cause's text less "Disconnected by <user> : ", as Computer.getOfflineCauseReason does.
 */
function offlineCause(state: AgentState): { json: Json; reason: string } | undefined {
  const paused = state.temporarilyOffline;
  if (paused) {
    const description = `Disconnected by ${paused.by}${paused.message ? ` : ${paused.message}` : ''}`;
    return { json: { _class: 'hudson.slaves.OfflineCause$UserCause', description, timestamp: paused.since.getTime() }, reason: paused.message };
  }
  if (state.connection !== 'disconnected') return undefined;
  const reason = state.disconnectCause ?? '';
  return { json: { _class: 'hudson.slaves.OfflineCause$ChannelTermination', timestamp: state.disconnectedAt?.getTime() ?? 0 }, reason };
}

/** `{}` for each executor at depth 0, as Jenkins writes them; from depth 1 the build each runs, which its job's API answers for. */
function executors(agent: AgentView, now: Date, depth: number, baseUrl: string, executables: Executables): Json[] {
  if (depth < 1) return Array.from({ length: agent.state.numExecutors }, (): Json => ({}));
  return executables(agent).map((build, number): Json => ({
    _class: 'hudson.model.Executor',
    currentExecutable: buildRef(build, baseUrl),
    idle: !build,
    likelyStuck: false,
    number,
    progress: build ? progress(build, now) : -1,
  }));
}

/** Executor.getProgress: elapsed over estimated, in percent, at most 99; -1 without an estimate. */
function progress(build: JenkinsBuild, now: Date): number {
  if (build.estimatedMs <= 0) return -1;
  return Math.min(99, Math.floor(((now.getTime() - build.startedAt) * 100) / build.estimatedMs));
}

function monitors(input: { diskAvail: number; memory: { totalBytes: number; availableBytes: number }; responseTimeMs: number }, now: Date): Json {
  const timestamp = Math.floor(now.getTime() / 60_000) * 60_000;
  return {
    'hudson.node_monitors.ArchitectureMonitor': 'Linux (amd64)',
    'hudson.node_monitors.ClockMonitor': { _class: 'hudson.util.ClockDifference', diff: input.responseTimeMs % 7 },
    'hudson.node_monitors.DiskSpaceMonitor': { _class: DISK_SPACE, timestamp, path: AGENT_ROOT, size: input.diskAvail },
    'hudson.node_monitors.ResponseTimeMonitor': { _class: 'hudson.node_monitors.ResponseTimeMonitor$Data', timestamp, average: input.responseTimeMs },
    'hudson.node_monitors.SwapSpaceMonitor': {
      _class: 'hudson.node_monitors.SwapSpaceMonitor$MemoryUsage2',
      availablePhysicalMemory: input.memory.availableBytes,
      availableSwapSpace: 0,
      totalPhysicalMemory: input.memory.totalBytes,
      totalSwapSpace: 0,
    },
    'hudson.node_monitors.TemporarySpaceMonitor': { _class: DISK_SPACE, timestamp, path: '/tmp', size: input.diskAvail },
  };
}

function nullMonitors(): Json {
  const names = ['ArchitectureMonitor', 'ClockMonitor', 'DiskSpaceMonitor', 'ResponseTimeMonitor', 'SwapSpaceMonitor', 'TemporarySpaceMonitor'];
  return Object.fromEntries(names.map((name) => [`hudson.node_monitors.${name}`, null]));
}
