import { type FleetConfig } from '@fleet/core';
import { type Fleet } from '../fleet/fleet.ts';
import { type InstanceRecord } from '../fleet/instances.ts';
import { type ImageStore } from '../images.ts';
import { Random } from '../random.ts';
import { diskAt, nodeStateAt, type Timing } from './node-evolution.ts';
import { healthyNode, patchNode, type NodeRecord } from './node-record.ts';
import { CONNECTION_BROKEN, type AgentState, type DiskState, type MemoryState, type NodePatch, type NodeState, type TemporarilyOffline } from './node-state.ts';

export interface NodesOptions {
  fleet: Fleet;
  images: ImageStore;
  config: FleetConfig;
  clock: () => Date;
  seed: string | number;
}

/** An agent as Jenkins lists it: a fleet instance's, or a stale one the EC2 Fleet plugin left behind. */
export interface AgentView {
  /** The node's name, which is its instance id. */
  name: string;
  /** The Jenkins labels of its worker type. */
  labels: string[];
  state: AgentState;
  /** What the node monitors read; undefined for a stale agent, whose machine is gone. */
  disk: DiskState | undefined;
  memory: MemoryState | undefined;
}

interface StaleAgent {
  name: string;
  labels: string[];
  numExecutors: number;
  disconnectedAt: Date;
  temporarilyOffline: TemporarilyOffline | undefined;
}

/** Minutes an online agent keeps the same number of busy executors before the next builds come and go. */
export const BUSY_PERIOD_MS = 7 * 60_000;

/**
 * The node side of every instance: what its operating system, EC2's status checks and its Jenkins
 * agent report. A node comes into being with its instance, in a state drawn from the seed and the
 * instance id, and moves with the world's clock; tests and the demo's story change it with `set`.
 */
export class Nodes {
  private readonly records = new Map<string, NodeRecord>();
  private readonly stale = new Map<string, StaleAgent>();
  /** Nodes of instances from before the world started are described as of its start, later ones as of their launch. */
  private readonly started: Date;
  private claims: (instanceId: string) => number = () => 0;

  constructor(private readonly options: NodesOptions) {
    this.started = options.clock();
  }

  /** The node of an instance the world knows, terminated ones included; undefined for any other id. */
  get(instanceId: string): NodeState | undefined {
    const instance = this.options.fleet.instances.get(instanceId);
    return instance && nodeStateAt(this.record(instance), instance, this.timing());
  }

  require(instanceId: string): NodeState {
    const node = this.get(instanceId);
    if (!node) throw new Error(`no instance ${instanceId} in the simulated world`);
    return node;
  }

  set(instanceId: string, patch: NodePatch): NodeState {
    const instance = this.options.fleet.instances.require(instanceId);
    const record = this.record(instance);
    const now = this.options.clock();
    patchNode(record, patch, now, diskAt(record, now));
    return this.require(instanceId);
  }

  /** Every agent Jenkins has a node for, by name: the fleet's first, then stale ones. */
  agents(): AgentView[] {
    const timing = this.timing();
    const live = this.options.fleet.instances.all().flatMap((instance): AgentView[] => {
      const node = nodeStateAt(this.record(instance), instance, timing);
      if (node.agent.connection === 'absent') return [];
      return [{ name: instance.instanceId, labels: this.labelsOf(instance), state: node.agent, disk: node.disk, memory: node.memory }];
    });
    const stale = [...this.stale.values()].map((agent): AgentView => ({
      name: agent.name,
      labels: agent.labels,
      state: { connection: 'disconnected', disconnectCause: CONNECTION_BROKEN, disconnectedAt: agent.disconnectedAt, temporarilyOffline: agent.temporarilyOffline, numExecutors: agent.numExecutors, busyExecutors: 0, responseTimeMs: 0 },
      disk: undefined,
      memory: undefined,
    }));
    return [...live, ...stale];
  }

  agent(name: string): AgentView | undefined {
    return this.agents().find((agent) => agent.name === name);
  }

  /** Whether the agent is one Jenkins kept after its instance went away (addStaleAgent). */
  isStale(name: string): boolean {
    return this.stale.has(name);
  }

  /** What POST /computer/<name>/toggleOffline does: takes the agent out of service, or puts it back. */
  toggleOffline(name: string, by: string, message: string): AgentView | undefined {
    const current = this.agent(name);
    if (!current) return undefined;
    const next = current.state.temporarilyOffline ? undefined : { by, message, since: this.options.clock() };
    const stale = this.stale.get(name);
    if (stale) stale.temporarilyOffline = next;
    else this.set(name, { agent: { temporarilyOffline: next ?? null } });
    return this.agent(name);
  }

  /** A node Jenkins kept after its instance went away, as when the plugin misses a termination. */
  addStaleAgent(name: string, options: { labels?: string[]; disconnectedAt?: Date; numExecutors?: number } = {}): AgentView {
    this.stale.set(name, {
      name,
      labels: options.labels ?? [],
      numExecutors: options.numExecutors ?? 2,
      disconnectedAt: options.disconnectedAt ?? this.options.clock(),
      temporarilyOffline: undefined,
    });
    const agent = this.agent(name);
    if (!agent) throw new Error(`stale agent ${name} did not register`);
    return agent;
  }

  /** Lets the Jenkins controller's running builds count among an agent's busy executors. */
  setExecutorClaims(claims: (instanceId: string) => number): void {
    this.claims = claims;
  }

  labelsOf(instance: InstanceRecord): string[] {
    const type = instance.tags.get(this.options.config.tags.workerType);
    return this.options.config.workerTypes.find((candidate) => candidate.key === type)?.jenkinsLabels ?? [];
  }

  private record(instance: InstanceRecord): NodeRecord {
    const known = this.records.get(instance.instanceId);
    if (known) return known;
    const random = new Random(`${this.options.seed}/node/${instance.instanceId}`);
    const asOf = new Date(Math.max(instance.launchTime.getTime(), this.started.getTime()));
    const record = healthyNode(instance, this.options.images.get(instance.imageId), random, { asOf, secondsToMs: this.secondsToMs });
    this.records.set(instance.instanceId, record);
    return record;
  }

  private readonly secondsToMs = (seconds: number) => (seconds * 1000) / this.options.fleet.timeScale;

  private timing(): Timing {
    const { seed } = this.options;
    return {
      now: this.options.clock(),
      secondsToMs: this.secondsToMs,
      busy: (instanceId, numExecutors, now) => {
        const random = new Random(`${seed}/busy/${instanceId}/${Math.floor(now.getTime() / BUSY_PERIOD_MS)}`);
        return random.chance(0.55) ? random.int(1, numExecutors) : 0;
      },
      claimed: this.claims,
    };
  }
}
