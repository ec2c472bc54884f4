import { type LaunchTemplateRef } from './launch-templates.ts';

export interface GroupTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

export interface AutoScalingGroupRecord {
  name: string;
  arn: string;
  ownerId: string;
  region: string;
  createdAt: Date;
  launchTemplate: LaunchTemplateRef;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  /** Subnet id by availability zone. */
  subnets: Record<string, string>;
  vpcId: string;
  healthCheckGracePeriod: number;
  defaultInstanceWarmup: number | undefined;
  tags: GroupTag[];
}

export type ActivityStatus = 'PreInService' | 'InProgress' | 'WaitingForInstanceWarmup' | 'Successful' | 'Failed' | 'Cancelled';

/** One entry of a group's scaling history: an instance launched or terminated, and why. */
export interface ActivityRecord {
  activityId: string;
  groupName: string;
  groupArn: string;
  description: string;
  cause: string;
  startTime: Date;
  endTime: Date | undefined;
  statusCode: ActivityStatus;
  statusMessage: string | undefined;
  progress: number;
  details: string;
  instanceId: string | undefined;
}

/** AWS's own way of writing an instant in scaling causes: seconds, no milliseconds. */
export function causeTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The availability zone with the fewest of the group's instances, so launches stay balanced. */
export function leastUsedZone(group: AutoScalingGroupRecord, zonesInUse: readonly string[]): string {
  const counts = group.availabilityZones.map((zone) => ({ zone, count: zonesInUse.filter((used) => used === zone).length }));
  counts.sort((a, b) => a.count - b.count);
  const first = counts[0];
  if (!first) throw new Error(`group ${group.name} has no availability zones`);
  return first.zone;
}
