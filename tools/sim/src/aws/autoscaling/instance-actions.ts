import { type World } from '../../world/world.ts';
import { missingParameter } from '../errors.ts';
import { type Action } from '../service.ts';
import { activityXml } from './scaling-activities.ts';
import { fleetAction, validationError } from './requests.ts';

const HEALTH_STATUSES = ['Healthy', 'Unhealthy'] as const;

/** SetInstanceHealth: an empty answer, as AWS gives; Unhealthy gets the instance replaced. */
export function setInstanceHealth(world: World): Action {
  return fleetAction(true, ({ params, caller, region, now }) => {
    const instanceId = params.required('InstanceId');
    const health = params.required('HealthStatus');
    if (!(HEALTH_STATUSES as readonly string[]).includes(health)) {
      throw validationError(`Valid health status values are Healthy and Unhealthy; '${health}' is not one of them.`);
    }
    const respectGracePeriod = params.boolean('ShouldRespectGracePeriod') ?? true;
    world.fleet.setInstanceHealth({ ownerId: caller.accountId, region }, instanceId, health as (typeof HEALTH_STATUSES)[number], { respectGracePeriod }, now);
    return {};
  });
}

/** TerminateInstanceInAutoScalingGroup: the termination's scaling activity. */
export function terminateInstanceInAutoScalingGroup(world: World): Action {
  return fleetAction(true, ({ params, caller, region, now }) => {
    const instanceId = params.required('InstanceId');
    const decrement = params.boolean('ShouldDecrementDesiredCapacity');
    if (decrement === undefined) throw missingParameter('ShouldDecrementDesiredCapacity');
    return { Activity: activityXml(world.fleet.terminateInstanceInGroup({ ownerId: caller.accountId, region }, instanceId, decrement, now)) };
  });
}
