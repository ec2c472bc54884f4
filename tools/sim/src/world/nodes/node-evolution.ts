import { type InstanceRecord } from '../fleet/instances.ts';
import { type NodeRecord, round } from './node-record.ts';
import { CONNECTION_BROKEN, type AgentState, type DiskState, type NodeState, type StatusChecks } from './node-state.ts';

export interface Timing {
  now: Date;
  /** Clock milliseconds for simulated seconds at the fleet's time scale: boots, check runs, agent connects. */
  secondsToMs(seconds: number): number;
  /** How many executors of an online agent are busy at an instant, when nobody fixed it. */
  busy(instanceId: string, numExecutors: number, now: Date): number;
  /** Executors the controller's own builds hold on the agent, whatever else it runs. */
  claimed(instanceId: string): number;
}

/** The EC2 Fleet plugin notices a terminated instance on its next status check and removes the node. */
export const AGENT_LINGER_SECONDS = 20;

/** The node as it stands at `timing.now`: disks filled at their rates, checks and agent where the instance's life has brought them. */
export function nodeStateAt(record: NodeRecord, instance: InstanceRecord, timing: Timing): NodeState {
  const { now } = timing;
  const seconds = now.getTime() / 1000;
  const wave = (period: number) => Math.sin((2 * Math.PI * seconds) / period + record.phase);
  const load1 = record.loadFixed ? record.baseLoad : round(record.baseLoad * (1 + 0.3 * wave(600)), 2);
  const load5 = record.loadFixed ? record.baseLoad : round(record.baseLoad * (1 + 0.12 * wave(1800)), 2);
  const up = instance.state === 'running' || instance.state === 'shutting-down';
  return {
    instanceId: record.instanceId,
    disk: diskAt(record, now),
    cpus: record.cpus,
    load1,
    load5,
    load15: record.baseLoad,
    memory: { totalBytes: record.memory.totalBytes, availableBytes: Math.round(Math.min(record.memory.totalBytes, record.memory.availableBytes * (1 + 0.02 * wave(900)))) },
    bootTime: record.bootTime,
    exporterAnswers: up && !record.exporterStopped,
    statusChecks: checksAt(record, instance, timing),
    events: record.events.map((event) => ({ ...event })),
    agent: agentAt(record, instance, timing),
  };
}

export function diskAt(record: NodeRecord, now: Date): DiskState {
  const elapsed = Math.max(0, now.getTime() - record.diskAsOf.getTime()) / 1000;
  const { disk } = record;
  return {
    ...disk,
    availBytes: Math.round(clamp(disk.availBytes - disk.fillBytesPerSecond * elapsed, 0, disk.sizeBytes)),
    filesFree: Math.round(clamp(disk.filesFree - disk.fillInodesPerSecond * elapsed, 0, disk.files)),
  };
}

function checksAt(record: NodeRecord, instance: InstanceRecord, timing: Timing): StatusChecks {
  if (instance.state !== 'running' || !instance.runningSince) return { system: 'not-applicable', instance: 'not-applicable', impairedSince: undefined };
  const passAt = instance.runningSince.getTime() + timing.secondsToMs(record.checksAfterSeconds);
  if (timing.now.getTime() < passAt) return { system: 'initializing', instance: 'initializing', impairedSince: undefined };
  return { ...record.checks };
}

function agentAt(record: NodeRecord, instance: InstanceRecord, timing: Timing): AgentState {
  const { agent } = record;
  const base = { disconnectCause: undefined, disconnectedAt: undefined, temporarilyOffline: agent.temporarilyOffline, numExecutors: agent.numExecutors, busyExecutors: 0, responseTimeMs: agent.responseTimeMs };
  const now = timing.now.getTime();
  if (!agent.registered || !instance.runningSince) return { ...base, connection: 'absent' };
  if (instance.terminatedAt) {
    if (now >= instance.terminatedAt.getTime() + timing.secondsToMs(AGENT_LINGER_SECONDS)) return { ...base, connection: 'absent' };
    return { ...base, connection: 'disconnected', disconnectCause: CONNECTION_BROKEN, disconnectedAt: instance.terminatedAt };
  }
  if (now < instance.runningSince.getTime() + timing.secondsToMs(agent.connectAfterSeconds)) return { ...base, connection: 'connecting' };
  if (agent.disconnectedAt) return { ...base, connection: 'disconnected', disconnectCause: agent.disconnectCause ?? CONNECTION_BROKEN, disconnectedAt: agent.disconnectedAt };
  const busy = agent.temporarilyOffline ? 0 : (agent.busyFixed ?? timing.busy(record.instanceId, agent.numExecutors, timing.now));
  return { ...base, connection: 'online', busyExecutors: Math.min(timing.claimed(record.instanceId) + busy, agent.numExecutors) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
