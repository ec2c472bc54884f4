import { type SimClock, Timeline } from '../clock.ts';
import { type ImageStore } from '../images.ts';
import { type Random } from '../random.ts';
import { FleetError, groupNotFound, validation } from './errors.ts';
import { causeTime, type ActivityRecord, type AutoScalingGroupRecord } from './groups.ts';
import { InstanceLifecycle, type FleetParts } from './instance-lifecycle.ts';
import { type InstanceCaller, InstanceRequests } from './instance-requests.ts';
import { RefreshMachine } from './instance-refresh.ts';
import { type HealthStatus, InstanceStore, type InstanceRecord } from './instances.ts';
import { LaunchTemplateStore, type LaunchTemplateData, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from './launch-templates.ts';
import { type InstanceRefreshRecord, type StartRefreshInput } from './refresh-request.ts';

export interface FleetOptions {
  random: Random;
  images: ImageStore;
  clock: SimClock;
  /** Simulated seconds per second of the clock: 60 makes a five-minute warm-up take five seconds. */
  timeScale?: number;
}

export interface LaunchTemplateVersionInput {
  imageId?: string;
  instanceType?: string;
  /** Any other part of the data; `imageId` and `instanceType` above win over it. */
  data?: Partial<LaunchTemplateData>;
  /** The version whose data the new one starts from; without it the new version has only what is given. */
  sourceVersion?: string;
  description?: string;
  createdBy?: string;
}

const DEFAULT_DATA: LaunchTemplateData = { imageId: undefined, instanceType: undefined, iamInstanceProfile: undefined, securityGroupIds: [], userData: undefined, instanceTags: [] };

/**
 * The worker fleet on AWS: Auto Scaling groups, their launch templates and instances, scaling
 * activities and instance refreshes, all moving on the world's clock. Every method that changes
 * something takes the instant it happens, `now` unless told otherwise.
 */
export class Fleet {
  readonly instances: InstanceStore;
  readonly launchTemplates = new LaunchTemplateStore();
  /** Systems Manager parameters, for launch templates that resolve their AMI at launch. */
  readonly parameters = new Map<string, string>();
  readonly activities: ActivityRecord[] = [];
  readonly timeline = new Timeline();
  private readonly groupsByName = new Map<string, AutoScalingGroupRecord>();
  private readonly launchFailures = new Map<string, string[]>();
  private readonly lifecycle: InstanceLifecycle;
  private readonly machine: RefreshMachine;
  private readonly requests: InstanceRequests;
  private scale: number;

  constructor(private readonly options: FleetOptions) {
    this.scale = checkScale(options.timeScale ?? 1);
    this.instances = new InstanceStore(options.random);
    const parts: FleetParts = {
      instances: this.instances,
      templates: this.launchTemplates,
      images: options.images,
      parameters: this.parameters,
      timeline: this.timeline,
      activities: this.activities,
      random: options.random,
      launchFailures: this.launchFailures,
      duration: (seconds) => (seconds * 1000) / this.scale,
    };
    this.lifecycle = new InstanceLifecycle(parts);
    this.machine = new RefreshMachine(parts, this.lifecycle);
    this.requests = new InstanceRequests(parts, this.lifecycle, (name) => this.groupsByName.get(name));
  }

  get timeScale(): number {
    return this.scale;
  }

  set timeScale(value: number) {
    this.scale = checkScale(value);
  }

  /** Brings every launch, termination and refresh up to the clock. */
  tick(): void {
    this.timeline.runUntil(this.options.clock.now());
  }

  groups(): AutoScalingGroupRecord[] {
    return [...this.groupsByName.values()];
  }

  group(name: string): AutoScalingGroupRecord | undefined {
    return this.groupsByName.get(name);
  }

  /** A group; with an owner (and region) given, only if it lives there: another account's or region's groups do not exist for a caller. */
  requireGroup(name: string, ownerId?: string, region?: string): AutoScalingGroupRecord {
    const group = this.groupsByName.get(name);
    if (!group || (ownerId !== undefined && group.ownerId !== ownerId) || (region !== undefined && group.region !== region)) throw groupNotFound(name);
    return group;
  }

  addGroup(group: AutoScalingGroupRecord): AutoScalingGroupRecord {
    if (this.groupsByName.has(group.name)) throw new Error(`group ${group.name} already exists`);
    this.groupsByName.set(group.name, group);
    return group;
  }

  /** The group's members that are not terminated yet. */
  instancesOf(groupName: string): InstanceRecord[] {
    return this.instances.inGroup(groupName);
  }

  /** Newest first, as DescribeInstanceRefreshes lists them. */
  refreshesOf(groupName: string): InstanceRefreshRecord[] {
    return this.machine.refreshes.filter((refresh) => refresh.groupName === groupName).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  activeRefresh(groupName: string): InstanceRefreshRecord | undefined {
    return this.machine.active(groupName);
  }

  /** Why rolling back a refresh of this group would be refused, if it would. */
  rollbackRefusal(groupName: string): string | undefined {
    const group = this.requireGroup(groupName);
    return this.machine.irreversible(group.launchTemplate, group);
  }

  activitiesOf(groupName: string): ActivityRecord[] {
    return this.activities.filter((activity) => activity.groupName === groupName);
  }

  startInstanceRefresh(groupName: string, input: StartRefreshInput = {}, at = this.options.clock.now()): InstanceRefreshRecord {
    return this.machine.start(this.requireGroup(groupName), input, at);
  }

  cancelInstanceRefresh(groupName: string, options: { waitForTransitioningInstances?: boolean } = {}, at = this.options.clock.now()): InstanceRefreshRecord {
    return this.machine.cancel(this.requireGroup(groupName), at, options.waitForTransitioningInstances ?? true);
  }

  rollbackInstanceRefresh(groupName: string, at = this.options.clock.now()): InstanceRefreshRecord {
    return this.machine.rollback(this.requireGroup(groupName), at);
  }

  /** As SetInstanceHealth: an Unhealthy instance is terminated and replaced after a health check. */
  setInstanceHealth(caller: InstanceCaller, instanceId: string, health: HealthStatus, options: { respectGracePeriod?: boolean } = {}, at = this.options.clock.now()): void {
    this.requests.setHealth(caller, instanceId, health, options.respectGracePeriod ?? true, at);
  }

  /** As TerminateInstanceInAutoScalingGroup: with `decrement` the group shrinks, else it launches a replacement. */
  terminateInstanceInGroup(caller: InstanceCaller, instanceId: string, decrement: boolean, at = this.options.clock.now()): ActivityRecord {
    return this.requests.terminate(caller, instanceId, decrement, at);
  }

  /** The next `count` launches in the group fail, as EC2 would refuse them for want of capacity. */
  failNextLaunch(groupName: string, options: { count?: number; message?: string } = {}): void {
    const group = this.requireGroup(groupName);
    const zone = group.availabilityZones[0] ?? 'us-east-1a';
    const message =
      options.message ??
      `We currently do not have sufficient capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. Launching EC2 instance failed.`;
    const queue = this.launchFailures.get(groupName) ?? [];
    for (let i = 0; i < (options.count ?? 1); i += 1) queue.push(message);
    this.launchFailures.set(groupName, queue);
  }

  /** As Terraform's UpdateAutoScalingGroup: later launches use this version; running instances stay as they are. */
  setLaunchTemplateVersion(groupName: string, version: string): void {
    const group = this.requireGroup(groupName);
    const template = this.launchTemplates.require(group.ownerId, { launchTemplateId: group.launchTemplate.launchTemplateId });
    this.launchTemplates.requireVersion(template, version);
    group.launchTemplate = { ...group.launchTemplate, version };
  }

  createLaunchTemplate(input: { ownerId: string; region: string; name: string; data: Partial<LaunchTemplateData>; createdBy: string; description?: string; tags?: [string, string][] }, at = this.options.clock.now()): LaunchTemplateRecord {
    const template = this.launchTemplates.add({
      launchTemplateId: `lt-0${this.options.random.hex(16)}`,
      name: input.name,
      ownerId: input.ownerId,
      region: input.region,
      createdAt: at,
      createdBy: input.createdBy,
      defaultVersion: 1,
      versions: [],
      tags: input.tags ?? [],
    });
    this.launchTemplates.addVersion(template, { description: input.description, createdAt: at, createdBy: input.createdBy, data: { ...DEFAULT_DATA, ...input.data } });
    return template;
  }

  /** A new version of a template (by name or id), e.g. to point it at a new AMI. */
  createLaunchTemplateVersion(templateNameOrId: string, input: LaunchTemplateVersionInput, at = this.options.clock.now()): LaunchTemplateVersionRecord {
    const template = this.launchTemplates.named(templateNameOrId);
    if (!template) throw validation(`The specified launch template, with template name or id ${templateNameOrId}, does not exist.`);
    const source = input.sourceVersion === undefined ? undefined : this.launchTemplates.version(template, input.sourceVersion);
    if (input.sourceVersion !== undefined && !source) throw new FleetError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${input.sourceVersion} for launch template ${template.launchTemplateId}`);
    const data: LaunchTemplateData = { ...(source?.data ?? DEFAULT_DATA), ...input.data };
    if (input.imageId !== undefined) data.imageId = input.imageId;
    if (input.instanceType !== undefined) data.instanceType = input.instanceType;
    return this.launchTemplates.addVersion(template, { description: input.description, createdAt: at, createdBy: input.createdBy ?? `arn:aws:iam::${template.ownerId}:root`, data });
  }

  /** As SetDesiredCapacity: launches what is missing or terminates what is too much, within min and max. */
  setDesiredCapacity(groupName: string, desired: number, at = this.options.clock.now()): void {
    const group = this.requireGroup(groupName);
    if (!Number.isInteger(desired) || desired < group.minSize || desired > group.maxSize) {
      throw validation(`New SetDesiredCapacity value ${desired} is below min value ${group.minSize} or above max value ${group.maxSize} for the AutoScalingGroup.`);
    }
    const before = group.desiredCapacity;
    group.desiredCapacity = desired;
    if (desired > before) return this.lifecycle.fillCapacity(group, at);
    const change = `At ${causeTime(at)} a user request explicitly set group desired capacity changing the desired capacity from ${before} to ${desired}.`;
    this.lifecycle.shedCapacity(group, at, `${change}  At ${causeTime(at)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${before} to ${desired}.`);
  }

  runUntil(at: Date): void {
    this.timeline.runUntil(at);
  }

  /** Instances launched for the group at `at`, outside any refresh, as when it was created or scaled out. */
  fillCapacity(groupName: string, at = this.options.clock.now()): void {
    this.lifecycle.fillCapacity(this.requireGroup(groupName), at);
  }
}

function checkScale(value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`timeScale must be a positive number of simulated seconds per second, not ${value}`);
  return value;
}
