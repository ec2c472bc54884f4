import { type Timeline } from '../clock.ts';
import { type ImageStore } from '../images.ts';
import { type Random } from '../random.ts';
import { causeTime, leastUsedZone, type ActivityRecord, type AutoScalingGroupRecord } from './groups.ts';
import { type InstanceRecord, type InstanceStore } from './instances.ts';
import { SSM_PREFIX, type LaunchTemplateRef, type LaunchTemplateStore } from './launch-templates.ts';

/** Simulated seconds from RunInstances to InService, and from selection to terminated. */
export const BOOT_SECONDS = 60;
export const DRAIN_SECONDS = 30;

export interface FleetParts {
  instances: InstanceStore;
  templates: LaunchTemplateStore;
  images: ImageStore;
  /** Systems Manager parameters, for launch templates whose ImageId is `resolve:ssm:…`. */
  parameters: Map<string, string>;
  timeline: Timeline;
  activities: ActivityRecord[];
  random: Random;
  /** Injected launch failures waiting, by group: the next launches fail with these messages. */
  launchFailures: Map<string, string[]>;
  /** The clock milliseconds a span of simulated seconds takes at the current time scale. */
  duration(seconds: number): number;
}

export interface LaunchRequest {
  group: AutoScalingGroupRecord;
  template: LaunchTemplateRef;
  at: Date;
  cause: string;
  zone?: string;
  /** Seconds after InService before the instance counts as ready. */
  warmupSeconds: number;
  onReady?(instance: InstanceRecord, at: Date): void;
  onFailed?(message: string, at: Date): void;
}

type Resolved = { ok: true; imageId: string; version: number; instanceType: string; data: { iamInstanceProfile?: string; securityGroupIds: string[]; instanceTags: [string, string][] } } | { ok: false; message: string };

/**
 * What Auto Scaling does to one instance: launch it from a launch template (recording the scaling
 * activity, then InService after boot and ready after warm-up) or terminate it.
 */
export class InstanceLifecycle {
  constructor(private readonly parts: FleetParts) {}

  launch(request: LaunchRequest): InstanceRecord | undefined {
    const { group, at, parts } = { ...request, parts: this.parts };
    const resolved = this.resolve(group, request.template);
    const injected = parts.launchFailures.get(group.name)?.shift();
    const failure = injected ?? (resolved.ok ? undefined : resolved.message);
    if (failure !== undefined || !resolved.ok) {
      const message = failure ?? 'Launching EC2 instance failed.';
      this.record(group, { description: `Launching a new EC2 instance.  Status Reason: ${message}`, cause: request.cause, at, statusCode: 'Failed', statusMessage: message, progress: 100, endTime: at, instanceId: undefined, zone: request.zone });
      parts.timeline.schedule(at, (when) => request.onFailed?.(message, when));
      return undefined;
    }
    const zone = request.zone ?? leastUsedZone(group, parts.instances.inGroup(group.name).map((instance) => instance.availabilityZone));
    const instance = parts.instances.add({
      instanceId: parts.instances.newInstanceId(),
      reservationId: parts.instances.newReservationId(),
      ownerId: group.ownerId,
      region: group.region,
      imageId: resolved.imageId,
      instanceType: resolved.instanceType,
      availabilityZone: zone,
      subnetId: group.subnets[zone] ?? '',
      vpcId: group.vpcId,
      privateIpAddress: parts.instances.newPrivateIp(),
      launchTime: at,
      runningSince: undefined,
      state: 'pending',
      terminatedAt: undefined,
      rootVolumeId: parts.instances.newVolumeId(),
      iamInstanceProfile: resolved.data.iamInstanceProfile,
      securityGroupIds: resolved.data.securityGroupIds,
      tags: new Map([
        ...group.tags.filter((tag) => tag.propagateAtLaunch).map((tag): [string, string] => [tag.key, tag.value]),
        ...resolved.data.instanceTags,
        ['aws:autoscaling:groupName', group.name],
        ['aws:ec2launchtemplate:id', request.template.launchTemplateId],
        ['aws:ec2launchtemplate:version', String(resolved.version)],
      ]),
      groupName: group.name,
      lifecycleState: 'Pending',
      healthStatus: 'Healthy',
      protectedFromScaleIn: false,
      launchTemplate: { ...request.template },
      resolvedVersion: resolved.version,
    });
    const activity = this.record(group, { description: `Launching a new EC2 instance: ${instance.instanceId}`, cause: request.cause, at, statusCode: 'PreInService', statusMessage: undefined, progress: 30, endTime: undefined, instanceId: instance.instanceId, zone });
    parts.timeline.schedule(new Date(at.getTime() + parts.duration(BOOT_SECONDS)), (inService) => {
      if (instance.lifecycleState !== 'Pending') return;
      instance.lifecycleState = 'InService';
      instance.state = 'running';
      instance.runningSince = inService;
      const ready = (when: Date) => {
        if (instance.lifecycleState !== 'InService') return;
        Object.assign(activity, { statusCode: 'Successful', progress: 100, endTime: when });
        request.onReady?.(instance, when);
      };
      if (request.warmupSeconds <= 0) return ready(inService);
      Object.assign(activity, { statusCode: 'WaitingForInstanceWarmup', progress: 50 });
      parts.timeline.schedule(new Date(inService.getTime() + parts.duration(request.warmupSeconds)), ready);
    });
    return instance;
  }

  /** Starts terminating the instance and returns its activity; nothing when it is already on its way out. */
  terminate(group: AutoScalingGroupRecord, instance: InstanceRecord, at: Date, cause: string): ActivityRecord | undefined {
    if (instance.lifecycleState === 'Terminating' || instance.lifecycleState === 'Terminated') return undefined;
    instance.lifecycleState = 'Terminating';
    instance.state = 'shutting-down';
    const activity = this.record(group, { description: `Terminating EC2 instance: ${instance.instanceId}`, cause, at, statusCode: 'InProgress', statusMessage: undefined, progress: 50, endTime: undefined, instanceId: instance.instanceId, zone: instance.availabilityZone });
    this.parts.timeline.schedule(new Date(at.getTime() + this.parts.duration(DRAIN_SECONDS)), (gone) => {
      instance.lifecycleState = 'Terminated';
      instance.state = 'terminated';
      instance.terminatedAt = gone;
      Object.assign(activity, { statusCode: 'Successful', progress: 100, endTime: gone });
    });
    return activity;
  }

  /** Launches what the group lacks of its desired capacity, from its own launch template. */
  fillCapacity(group: AutoScalingGroupRecord, at: Date): void {
    const live = this.parts.instances.inGroup(group.name).filter((instance) => instance.lifecycleState === 'Pending' || instance.lifecycleState === 'InService').length;
    for (let n = live; n < group.desiredCapacity; n += 1) {
      const cause = `At ${causeTime(at)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live} to ${group.desiredCapacity}.`;
      this.launch({ group, template: group.launchTemplate, at, cause, warmupSeconds: 0 });
    }
  }

  /** Terminates what the group has beyond its desired capacity, from the fullest zone, oldest first. */
  shedCapacity(group: AutoScalingGroupRecord, at: Date, cause: string): void {
    const live = () => this.parts.instances.inGroup(group.name).filter((instance) => instance.lifecycleState === 'Pending' || instance.lifecycleState === 'InService');
    for (let members = live(); members.length > group.desiredCapacity; members = live()) {
      const perZone = (zone: string) => members.filter((instance) => instance.availabilityZone === zone).length;
      const fullest = [...group.availabilityZones].sort((a, b) => perZone(b) - perZone(a))[0];
      const victim = members.filter((instance) => instance.availabilityZone === fullest).sort((a, b) => a.launchTime.getTime() - b.launchTime.getTime())[0] ?? members[0];
      if (!victim) return;
      this.terminate(group, victim, at, `${cause}  At ${causeTime(at)} instance ${victim.instanceId} was selected for termination.`);
    }
  }

  /** The AMI, version and settings a launch from this template would use, or why it cannot launch. */
  resolve(group: AutoScalingGroupRecord, ref: LaunchTemplateRef): Resolved {
    const { templates, parameters, images } = this.parts;
    const template = templates.find(group.ownerId, { id: ref.launchTemplateId });
    const version = template && templates.version(template, ref.version);
    if (!template || !version) return { ok: false, message: `The specified launch template ${ref.launchTemplateName} version ${ref.version} does not exist. Launching EC2 instance failed.` };
    const given = version.data.imageId;
    if (!given) return { ok: false, message: 'The request must contain the parameter ImageId. Launching EC2 instance failed.' };
    const parameter = given.startsWith(SSM_PREFIX) ? given.slice(SSM_PREFIX.length) : undefined;
    const imageId = parameter === undefined ? given : parameters.get(parameter);
    if (imageId === undefined) return { ok: false, message: `The parameter ${parameter ?? ''} in the launch template could not be resolved: parameter not found. Launching EC2 instance failed.` };
    const image = images.get(imageId);
    if (!image || image.state !== 'available' || !images.visibleTo(image, group.ownerId, group.region)) {
      return { ok: false, message: `The image id '[${imageId}]' does not exist. Launching EC2 instance failed.` };
    }
    return { ok: true, imageId, version: version.versionNumber, instanceType: version.data.instanceType ?? 'm6i.large', data: version.data };
  }

  private record(
    group: AutoScalingGroupRecord,
    entry: { description: string; cause: string; at: Date; statusCode: ActivityRecord['statusCode']; statusMessage: string | undefined; progress: number; endTime: Date | undefined; instanceId: string | undefined; zone: string | undefined },
  ): ActivityRecord {
    const zone = entry.zone ?? group.availabilityZones[0] ?? '';
    const activity: ActivityRecord = {
      activityId: this.parts.random.uuid(),
      groupName: group.name,
      groupArn: group.arn,
      description: entry.description,
      cause: entry.cause,
      startTime: entry.at,
      endTime: entry.endTime,
      statusCode: entry.statusCode,
      statusMessage: entry.statusMessage,
      progress: entry.progress,
      details: JSON.stringify({ 'Subnet ID': group.subnets[zone] ?? '', 'Availability Zone': zone }),
      instanceId: entry.instanceId,
    };
    this.parts.activities.push(activity);
    return activity;
  }
}
