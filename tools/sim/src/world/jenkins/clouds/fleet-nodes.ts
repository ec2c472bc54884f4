import { type AgentView } from '../../nodes/nodes.ts';
import { CONNECTION_BROKEN } from '../../nodes/node-state.ts';
import { type Ec2FleetRelease } from './ec2-fleet-release.ts';
import { type Cloud, FleetCloud } from './fleet-cloud.ts';

/** What the node registry needs of the world. */
export interface FleetNodeWorld {
  /** The world's agents: each instance whose node the plugin would have, and the stale ones. */
  agents(): AgentView[];
  isStale(name: string): boolean;
  /** The Auto Scaling group an instance is (or was) in, and when it went away. */
  instance(instanceId: string): { groupName: string; terminatedAt: Date | undefined } | undefined;
  /** The agent's executors as its node has them, for a node whose instance is gone. */
  numExecutors(instanceId: string): number;
  now(): Date;
}

/** An EC2FleetNode: the instance's node and what it says of its cloud. */
export interface FleetNode {
  name: string;
  /** From 3.0.0 the node keeps its cloud's name (EC2FleetNode.cloudName). */
  cloudName: string;
  /** Before 3.0.0 the node (and its computer) keep the cloud object itself. */
  cloud: FleetCloud;
  labels: string[];
}

/** A node as a client may learn it: the cloud it names, and the live cloud it really belongs to. */
export interface FleetNodeBinding {
  name: string;
  /** The cloud name the node shows in its display name ("<cloud> <instance id>"). */
  cloudName: string;
  /** The cloud in Jenkins.clouds the node belongs to; undefined for an orphan. */
  liveCloud: FleetCloud | undefined;
}

/**
 * The EC2 Fleet plugin's nodes on one controller. Every cloud's periodic update (CloudNanny →
 * EC2FleetCloud.update) adds a node for each instance of its fleet that has none and removes the
 * nodes of its fleet whose instance is gone; a node whose cloud is not in Jenkins.clouds any more
 * is updated by nobody, so it stays, offline once its instance is gone. From 3.0.0 such a node also
 * breaks every update: `((EC2FleetCloud) node.getCloud()).getFleet()` throws a
 * NullPointerException for it, so no cloud adds or removes a node while one exists.
 */
export class FleetNodes {
  private readonly nodes = new Map<string, FleetNode>();

  constructor(
    private readonly release: Ec2FleetRelease,
    private readonly world: FleetNodeWorld,
    private readonly clouds: () => readonly Cloud[],
    /** Stale agents of instances no cloud here or elsewhere knows land on the first controller. */
    private readonly keepsUnknownStaleAgents: boolean,
  ) {}

  /** The live cloud a node belongs to: the object itself before 3.0.0, the cloud of its name from 3.0.0. */
  liveCloudOf(node: FleetNode): FleetCloud | undefined {
    const clouds = this.clouds();
    if (this.release.nodesFollow === 'cloud-object') return clouds.includes(node.cloud) ? node.cloud : undefined;
    const named = clouds.find((cloud) => cloud.name === node.cloudName);
    // EC2FleetNode.getCloud casts what Jenkins.getCloud(name) finds; a cloud of another kind fails it.
    return named instanceof FleetCloud ? named : undefined;
  }

  bindings(): FleetNodeBinding[] {
    this.update();
    return [...this.nodes.values()].map((node) => ({ name: node.name, cloudName: this.release.nodesFollow === 'cloud-object' ? node.cloud.name : node.cloudName, liveCloud: this.liveCloudOf(node) }));
  }

  binding(name: string): FleetNodeBinding | undefined {
    return this.bindings().find((node) => node.name === name);
  }

  /** Whether some node's cloud is gone, which from 3.0.0 stops every cloud's update. */
  updatesFail(): boolean {
    return this.release.nodesFollow === 'cloud-name' && [...this.nodes.values()].some((node) => !this.liveCloudOf(node));
  }

  /**
   * A newly constructed cloud before 3.0.0 takes over every node whose cloud has its fleet
   * (EC2FleetCloudAwareUtils.reassign, called from the constructor), whether or not the new cloud
   * ever reaches Jenkins.clouds.
   */
  constructed(cloud: FleetCloud): void {
    if (this.release.nodesFollow !== 'cloud-object' || cloud.fields.fleet === null) return;
    for (const node of this.nodes.values()) {
      if (node.cloud.fields.fleet === cloud.fields.fleet) node.cloud = cloud;
    }
  }

  /** The controller's fleet agents, the world's order first, then orphans whose instance is gone. */
  agents(): AgentView[] {
    this.update();
    const listed = this.world.agents().filter((agent) => this.nodes.has(agent.name));
    const shown = new Set(listed.map((agent) => agent.name));
    const leftBehind = [...this.nodes.values()].filter((node) => !shown.has(node.name)).map((node) => this.leftBehind(node));
    return [...listed, ...leftBehind];
  }

  /** One round of every cloud's update, as of now. */
  private update(): void {
    if (this.updatesFail()) return;
    const live = new Map(this.world.agents().map((agent) => [agent.name, agent]));
    for (const node of [...this.nodes.values()]) {
      const cloud = this.liveCloudOf(node);
      if (!cloud || this.world.isStale(node.name)) continue;
      const instance = this.world.instance(node.name);
      if (!live.has(node.name) || cloud.fields.fleet !== instance?.groupName) this.nodes.delete(node.name);
    }
    for (const agent of live.values()) {
      if (this.nodes.has(agent.name)) continue;
      const group = this.world.instance(agent.name)?.groupName;
      const cloud = this.fleetClouds().find((candidate) => candidate.fields.fleet === group);
      if (cloud) this.nodes.set(agent.name, { name: agent.name, cloudName: cloud.name, cloud, labels: agent.labels });
      else if (group === undefined && this.keepsUnknownStaleAgents) this.adoptUnknown(agent);
    }
  }

  /** A stale agent of an instance the world never had: some cloud of this controller once made it. */
  private adoptUnknown(agent: AgentView): void {
    const cloud = this.fleetClouds()[0];
    if (cloud) this.nodes.set(agent.name, { name: agent.name, cloudName: cloud.name, cloud, labels: agent.labels });
  }

  private fleetClouds(): FleetCloud[] {
    return this.clouds().filter((cloud): cloud is FleetCloud => cloud instanceof FleetCloud);
  }

  /** A node nobody removes after its instance went away: its channel is gone with the machine. */
  private leftBehind(node: FleetNode): AgentView {
    const instance = this.world.instance(node.name);
    return {
      name: node.name,
      labels: node.labels,
      state: {
        connection: 'disconnected',
        disconnectCause: CONNECTION_BROKEN,
        disconnectedAt: instance?.terminatedAt ?? this.world.now(),
        temporarilyOffline: undefined,
        numExecutors: this.world.numExecutors(node.name),
        busyExecutors: 0,
        responseTimeMs: 0,
      },
      disk: undefined,
      memory: undefined,
    };
  }
}
