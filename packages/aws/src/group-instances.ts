import { type AutoScalingClient, SetInstanceHealthCommand, TerminateInstanceInAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import type { ScalingActivityObservation } from '@fleet/core';
import { activityOf } from './autoscaling.ts';
import { AwsFailure, classifyAwsError } from './errors.ts';

/**
 * SetInstanceHealth Unhealthy: Auto Scaling takes the instance out of service and replaces it. With
 * `respectGracePeriod` an instance still in its group's health check grace period is left alone.
 */
export async function markInstanceUnhealthy(client: AutoScalingClient, instanceId: string, respectGracePeriod: boolean, where: string): Promise<void> {
  try {
    await client.send(new SetInstanceHealthCommand({ InstanceId: instanceId, HealthStatus: 'Unhealthy', ShouldRespectGracePeriod: respectGracePeriod }));
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}

/**
 * TerminateInstanceInAutoScalingGroup: with `decrement` the group's desired capacity shrinks by one,
 * without it the group launches a replacement. Returns the termination's scaling activity.
 */
export async function terminateInstanceInGroup(client: AutoScalingClient, instanceId: string, decrement: boolean, where: string): Promise<ScalingActivityObservation> {
  try {
    const answer = await client.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: instanceId, ShouldDecrementDesiredCapacity: decrement }));
    if (!answer.Activity) throw new AwsFailure('bad-response', `${where} accepted the termination of ${instanceId} but returned no scaling activity`);
    return activityOf(answer.Activity, where);
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}
