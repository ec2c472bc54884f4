import { type InstanceRecord } from '../fleet/instances.ts';
import { type ImageRecord } from '../images.ts';
import { type Random } from '../random.ts';
import { CONNECTION_BROKEN, type DiskState, type MemoryState, type NodePatch, type ScheduledEvent, type SettledCheck, type TemporarilyOffline } from './node-state.ts';

/**
 * What the world keeps of a node: values as of an instant plus the rates and delays that carry
 * them forward, so any later instant is computed rather than stepped to.
 */
export interface NodeRecord {
  instanceId: string;
  disk: DiskState;
  diskAsOf: Date;
  cpus: number;
  baseLoad: number;
  /** A load someone set holds still; otherwise it drifts around `baseLoad`. */
  loadFixed: boolean;
  memory: MemoryState;
  bootTime: Date;
  exporterStopped: boolean;
  checks: { system: SettledCheck; instance: SettledCheck; impairedSince: Date | undefined };
  /** Simulated seconds from InService until the status checks pass. */
  checksAfterSeconds: number;
  events: ScheduledEvent[];
  agent: {
    /** Whether the EC2 Fleet plugin made a Jenkins node for the instance. */
    registered: boolean;
    /** Simulated seconds from InService until the agent's channel is up. */
    connectAfterSeconds: number;
    disconnectCause: string | undefined;
    disconnectedAt: Date | undefined;
    temporarilyOffline: TemporarilyOffline | undefined;
    numExecutors: number;
    busyFixed: number | undefined;
    responseTimeMs: number;
  };
  /** Where this node's load and memory waves stand, so nodes do not move in lockstep. */
  phase: number;
}

const GIB = 1024 ** 3;
/** vCPUs and GiB of memory of the instance types the fleet launches. */
const INSTANCE_TYPES: Record<string, { cpus: number; memoryGib: number }> = {
  'm6i.large': { cpus: 2, memoryGib: 8 },
  'm6i.xlarge': { cpus: 4, memoryGib: 16 },
  'g4dn.xlarge': { cpus: 4, memoryGib: 16 },
};

/**
 * A healthy node as the instance's first boot leaves it: the AMI's root volume partly filled by
 * earlier builds, a modest load, most of the memory free, the checks passing once they have run.
 */
export function healthyNode(instance: InstanceRecord, image: ImageRecord | undefined, random: Random, timing: { asOf: Date; secondsToMs: (seconds: number) => number }): NodeRecord {
  const hardware = INSTANCE_TYPES[instance.instanceType] ?? { cpus: 2, memoryGib: 8 };
  // xfs keeps a little of the volume for itself and makes an inode per 2 KiB it might need.
  const sizeBytes = blocks((image?.blockDevices[0]?.volumeSize ?? 50) * GIB * 0.9962);
  const files = Math.floor(sizeBytes / 2048);
  const slow = random.chance(0.4);
  const totalMemory = Math.floor((hardware.memoryGib * GIB * 0.963) / 1024) * 1024;
  const gpu = instance.instanceType.startsWith('g');
  return {
    instanceId: instance.instanceId,
    disk: {
      sizeBytes,
      availBytes: blocks(sizeBytes * (0.3 + random.next() * 0.45)),
      files,
      filesFree: files - random.int(150_000, 1_800_000),
      fillBytesPerSecond: slow ? random.int(1, 10) * 4096 : 0,
      fillInodesPerSecond: slow ? random.int(1, 20) / 100 : 0,
    },
    diskAsOf: timing.asOf,
    cpus: hardware.cpus,
    baseLoad: round(hardware.cpus * (0.05 + random.next() * 0.7), 2),
    loadFixed: false,
    memory: { totalBytes: totalMemory, availableBytes: Math.round(totalMemory * (0.35 + random.next() * 0.45)) },
    bootTime: new Date(instance.launchTime.getTime() + timing.secondsToMs(random.int(15, 35))),
    exporterStopped: false,
    checks: { system: 'ok', instance: 'ok', impairedSince: undefined },
    checksAfterSeconds: random.int(120, 240),
    events: [],
    agent: {
      registered: true,
      connectAfterSeconds: random.int(40, 100),
      disconnectCause: undefined,
      disconnectedAt: undefined,
      temporarilyOffline: undefined,
      numExecutors: gpu ? 1 : 2,
      busyFixed: undefined,
      responseTimeMs: random.int(18, 140),
    },
    phase: random.next() * 2 * Math.PI,
  };
}

/** Applies what a patch sets; `disk` is the node's disk as it stands now, which the patch starts from. */
export function patchNode(record: NodeRecord, patch: NodePatch, now: Date, disk: DiskState): void {
  if (patch.disk) {
    record.disk = { ...disk, ...patch.disk };
    record.diskAsOf = now;
  }
  if (patch.cpus !== undefined) record.cpus = patch.cpus;
  if (patch.load1 !== undefined) {
    record.baseLoad = patch.load1;
    record.loadFixed = true;
  }
  if (patch.memory) record.memory = { ...record.memory, ...patch.memory };
  if (patch.bootTime) record.bootTime = patch.bootTime;
  if (patch.exporterAnswers !== undefined) record.exporterStopped = !patch.exporterAnswers;
  if (patch.statusChecks) {
    const checks = { ...record.checks, ...patch.statusChecks };
    const impaired = checks.system === 'impaired' || checks.instance === 'impaired';
    record.checks = { ...checks, impairedSince: impaired ? (record.checks.impairedSince ?? now) : undefined };
  }
  if (patch.events) record.events = patch.events;
  if (patch.agent) patchAgent(record.agent, patch.agent, now);
}

function patchAgent(agent: NodeRecord['agent'], patch: NonNullable<NodePatch['agent']>, now: Date): void {
  if (patch.connection === 'absent') agent.registered = false;
  if (patch.connection === 'online') Object.assign(agent, { registered: true, disconnectCause: undefined, disconnectedAt: undefined });
  if (patch.connection === 'disconnected' || patch.disconnectCause !== undefined) {
    Object.assign(agent, { registered: true, disconnectCause: patch.disconnectCause ?? agent.disconnectCause ?? CONNECTION_BROKEN, disconnectedAt: now });
  }
  if (patch.temporarilyOffline !== undefined) agent.temporarilyOffline = patch.temporarilyOffline ?? undefined;
  if (patch.numExecutors !== undefined) agent.numExecutors = patch.numExecutors;
  if (patch.busyExecutors !== undefined) agent.busyFixed = patch.busyExecutors;
}

/** Whole 4 KiB blocks, as a filesystem counts its space. */
export function blocks(bytes: number): number {
  return Math.floor(bytes / 4096) * 4096;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
