import { type AutoScalingGroupRecord } from '../../world/fleet/groups.ts';
import { type InstanceRecord } from '../../world/fleet/instances.ts';
import { type LaunchTemplateRef } from '../../world/fleet/launch-templates.ts';
import { type XmlObject } from '../xml.ts';

export const launchTemplateXml = (ref: LaunchTemplateRef): XmlObject => ({
  LaunchTemplateId: ref.launchTemplateId,
  LaunchTemplateName: ref.launchTemplateName,
  Version: ref.version,
});

/** An `AutoScalingGroups` member as DescribeAutoScalingGroups writes it. */
export function groupXml(group: AutoScalingGroupRecord, instances: InstanceRecord[] | undefined): XmlObject {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchTemplate: launchTemplateXml(group.launchTemplate),
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    DesiredCapacity: group.desiredCapacity,
    DefaultCooldown: 300,
    AvailabilityZones: group.availabilityZones,
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: group.healthCheckGracePeriod,
    Instances: instances?.map((instance) => ({
      InstanceId: instance.instanceId,
      InstanceType: instance.instanceType,
      AvailabilityZone: instance.availabilityZone,
      LifecycleState: instance.lifecycleState,
      HealthStatus: instance.healthStatus,
      LaunchTemplate: launchTemplateXml(instance.launchTemplate),
      ProtectedFromScaleIn: instance.protectedFromScaleIn,
    })),
    CreatedTime: group.createdAt,
    SuspendedProcesses: [],
    VPCZoneIdentifier: group.availabilityZones.map((zone) => group.subnets[zone] ?? '').join(','),
    EnabledMetrics: [],
    Tags: group.tags.map((tag) => ({ ResourceId: group.name, ResourceType: 'auto-scaling-group', Key: tag.key, Value: tag.value, PropagateAtLaunch: tag.propagateAtLaunch })),
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${group.ownerId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    CapacityRebalance: false,
    DefaultInstanceWarmup: group.defaultInstanceWarmup,
    TrafficSources: [],
  };
}

/** An `AutoScalingInstances` member: the same instance, in DescribeAutoScalingInstances's own spelling of health. */
export function autoScalingInstanceXml(instance: InstanceRecord): XmlObject {
  return {
    InstanceId: instance.instanceId,
    InstanceType: instance.instanceType,
    AutoScalingGroupName: instance.groupName,
    AvailabilityZone: instance.availabilityZone,
    LifecycleState: instance.lifecycleState,
    HealthStatus: instance.healthStatus.toUpperCase(),
    LaunchTemplate: launchTemplateXml(instance.launchTemplate),
    ProtectedFromScaleIn: instance.protectedFromScaleIn,
  };
}
