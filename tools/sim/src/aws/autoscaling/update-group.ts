import { type World } from '../../world/world.ts';
import { type QueryParams } from '../query-params.ts';
import { type Action } from '../service.ts';
import { fleetAction, validationError } from './requests.ts';

function size(params: QueryParams, name: 'MinSize' | 'MaxSize' | 'DesiredCapacity'): number | undefined {
  const value = params.integer(name);
  if (value !== undefined && value < 0) throw validationError(`1 validation error detected: Value '${value}' at '${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  return value;
}

/**
 * UpdateAutoScalingGroup for what the fleet's groups use: the sizes (desired within min and max,
 * as AWS checks them) and the launch template version. An empty answer, as AWS gives.
 */
export function updateAutoScalingGroup(world: World): Action {
  return fleetAction(true, ({ params, caller, now }) => {
    const group = world.fleet.requireGroup(params.required('AutoScalingGroupName'), caller.accountId);
    const minSize = size(params, 'MinSize') ?? group.minSize;
    const maxSize = size(params, 'MaxSize') ?? group.maxSize;
    const desired = size(params, 'DesiredCapacity');
    if (minSize > maxSize) throw validationError(`Max bound, ${maxSize}, must be greater than or equal to min bound, ${minSize}`);
    const target = desired ?? Math.min(Math.max(group.desiredCapacity, minSize), maxSize);
    if (target < minSize || target > maxSize) {
      throw validationError(`Desired capacity:${target} must be between the specified min size:${minSize} and max size:${maxSize}`);
    }
    const version = params.scope('LaunchTemplate').string('Version');
    if (version !== undefined) world.fleet.setLaunchTemplateVersion(group.name, version);
    group.minSize = minSize;
    group.maxSize = maxSize;
    if (target !== group.desiredCapacity) world.fleet.setDesiredCapacity(group.name, target, now);
    return {};
  });
}
