import { type Fleet } from '../fleet/fleet.ts';
import { type InstanceRecord } from '../fleet/instances.ts';
import { type Random } from '../random.ts';
import { blocks } from './node-record.ts';
import { type Nodes } from './nodes.ts';
import { type NodePatch } from './node-state.ts';

/** The demo's node failures, each on its own instance (by id), for tests and demos that want to point at them. */
export interface NodeScenario {
  /** Root filesystem 96 % full. */
  diskAlmostFull: string | undefined;
  /** No free inodes left, though bytes are. */
  inodesExhausted: string | undefined;
  /** Fills at its current rate about five hours from the start. */
  diskFillingUp: string | undefined;
  /** Taken offline in Jenkins for a disk cleanup while EC2 sees nothing wrong. */
  agentTemporarilyOffline: string | undefined;
  /** The agent's connection to the controller broke. */
  agentDisconnected: string | undefined;
  /** The instance status check fails (unreachable): its exporter and agent are gone with it. */
  instanceImpaired: string | undefined;
  /** EC2 will retire the instance: an instance-retirement event in nine days. */
  scheduledRetirement: string | undefined;
  /** EC2 will reboot the host: a system-reboot event in three days. */
  scheduledReboot: string | undefined;
  /** node-exporter stopped answering; the rest is fine. */
  exporterDown: string | undefined;
  /** In service, but Jenkins never got a node for it. */
  noAgent: string | undefined;
  /** The name of a Jenkins agent whose instance no longer exists. */
  staleAgent: string | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Failure = Exclude<keyof NodeScenario, 'staleAgent'>;
const FAILURES: Failure[] = [
  'diskAlmostFull',
  'inodesExhausted',
  'diskFillingUp',
  'agentTemporarilyOffline',
  'agentDisconnected',
  'instanceImpaired',
  'scheduledRetirement',
  'scheduledReboot',
  'exporterDown',
  'noAgent',
];

/**
 * Breaks a few nodes of the seeded fleet the way Jenkins workers break, as of `now`. They are
 * InService instances of groups with no refresh under way, one group after another, so they stay
 * put while the demo runs; every other node stays healthy.
 */
export function seedNodes(input: { fleet: Fleet; nodes: Nodes; random: Random; now: Date }): NodeScenario {
  const { fleet, nodes, random, now } = input;
  const chosen = pickInstances(fleet, random, FAILURES.length);
  const scenario = Object.fromEntries(FAILURES.map((failure, index) => [failure, chosen[index]?.instanceId])) as Record<Failure, string | undefined>;
  FAILURES.forEach((failure, index) => {
    const instance = chosen[index];
    if (instance) nodes.set(instance.instanceId, breakage(failure, nodes.require(instance.instanceId).disk, random, now));
  });
  return { ...scenario, staleAgent: addStaleAgent(fleet, nodes, random, now) };
}

function breakage(failure: Failure, disk: { sizeBytes: number; files: number }, random: Random, now: Date): NodePatch {
  const eventId = () => `instance-event-0${random.hex(16)}`;
  switch (failure) {
    case 'diskAlmostFull':
      return { disk: { availBytes: blocks(disk.sizeBytes * 0.04), fillBytesPerSecond: 0 } };
    case 'inodesExhausted':
      return { disk: { filesFree: random.int(0, 40), fillInodesPerSecond: 0, availBytes: blocks(disk.sizeBytes * 0.41) } };
    case 'diskFillingUp': {
      const availBytes = blocks(disk.sizeBytes * 0.15);
      return { disk: { availBytes, fillBytesPerSecond: blocks(availBytes / (5 * 3600)) } };
    }
    case 'agentTemporarilyOffline':
      return { agent: { temporarilyOffline: { by: 'cwei', message: 'disk cleanup by sre', since: new Date(now.getTime() - 25 * MINUTE) } } };
    case 'agentDisconnected':
      return { agent: { connection: 'disconnected' } };
    case 'instanceImpaired':
      return { statusChecks: { instance: 'impaired' }, exporterAnswers: false, agent: { connection: 'disconnected' } };
    case 'scheduledRetirement':
      return {
        events: [{ instanceEventId: eventId(), code: 'instance-retirement', description: 'The instance is running on degraded hardware', notBefore: startOfUtcDay(now.getTime() + 9 * DAY), notAfter: undefined }],
      };
    case 'scheduledReboot': {
      const notBefore = new Date(startOfUtcDay(now.getTime() + 3 * DAY).getTime() + 6 * HOUR);
      return { events: [{ instanceEventId: eventId(), code: 'system-reboot', description: 'scheduled reboot', notBefore, notAfter: new Date(notBefore.getTime() + 2 * HOUR) }] };
    }
    case 'exporterDown':
      return { exporterAnswers: false };
    case 'noAgent':
      return { agent: { connection: 'absent' } };
  }
}

/** One InService instance per group in turn, from groups no refresh is moving, in a seeded order. */
function pickInstances(fleet: Fleet, random: Random, count: number): InstanceRecord[] {
  const groups = fleet.groups().filter((group) => !fleet.activeRefresh(group.name));
  const pools = random
    .sample(groups, groups.length)
    .map((group) => random.sample(fleet.instancesOf(group.name).filter((instance) => instance.lifecycleState === 'InService'), Number.MAX_SAFE_INTEGER));
  const picked: InstanceRecord[] = [];
  for (let round = 0; picked.length < count && pools.some((pool) => pool.length > round); round += 1) {
    for (const pool of pools) {
      const instance = pool[round];
      if (instance && picked.length < count) picked.push(instance);
    }
  }
  return picked;
}

/** The oldest instance the history terminated keeps its Jenkins node, as if the plugin had missed it. */
function addStaleAgent(fleet: Fleet, nodes: Nodes, random: Random, now: Date): string {
  const gone = fleet.instances
    .all()
    .filter((instance) => instance.terminatedAt && now.getTime() - instance.terminatedAt.getTime() > DAY)
    .sort((a, b) => (a.terminatedAt?.getTime() ?? 0) - (b.terminatedAt?.getTime() ?? 0))[0];
  const name = gone?.instanceId ?? `i-0${random.hex(16)}`;
  const disconnectedAt = gone?.terminatedAt ?? new Date(now.getTime() - 3 * DAY);
  return nodes.addStaleAgent(name, { labels: gone ? nodes.labelsOf(gone) : [], disconnectedAt }).name;
}

function startOfUtcDay(ms: number): Date {
  const day = new Date(ms);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
}
