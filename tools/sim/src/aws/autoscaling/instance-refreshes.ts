import { type StartRefreshInput } from '../../world/fleet/refresh-request.ts';
import { type World } from '../../world/world.ts';
import { newestFirst } from '../pagination.ts';
import { type QueryParams } from '../query-params.ts';
import { type Action } from '../service.ts';
import { refreshXml } from './refresh-xml.ts';
import { fleetAction, maxRecords, members, page, validationError } from './requests.ts';

/** AWS keeps six weeks of refreshes and activities. */
export const RETENTION_MS = 42 * 86_400_000;

export function startInstanceRefresh(world: World): Action {
  return fleetAction(true, ({ params, caller, region, now }) => {
    const group = world.fleet.requireGroup(params.required('AutoScalingGroupName'), caller.accountId, region);
    const refresh = world.fleet.startInstanceRefresh(group.name, { ...startInput(params), startedBy: caller.arn }, now);
    return { InstanceRefreshId: refresh.instanceRefreshId };
  });
}

export function cancelInstanceRefresh(world: World): Action {
  return fleetAction(true, ({ params, caller, region, now }) => {
    const group = world.fleet.requireGroup(params.required('AutoScalingGroupName'), caller.accountId, region);
    const waitForTransitioningInstances = params.boolean('WaitForTransitioningInstances');
    return { InstanceRefreshId: world.fleet.cancelInstanceRefresh(group.name, { waitForTransitioningInstances }, now).instanceRefreshId };
  });
}

export function rollbackInstanceRefresh(world: World): Action {
  return fleetAction(true, ({ params, caller, region, now }) => {
    const group = world.fleet.requireGroup(params.required('AutoScalingGroupName'), caller.accountId, region);
    return { InstanceRefreshId: world.fleet.rollbackInstanceRefresh(group.name, now).instanceRefreshId };
  });
}

/** An unknown group, or another account's, simply has no refreshes. */
export function describeInstanceRefreshes(world: World): Action {
  return fleetAction(false, ({ params, caller, region, now }) => {
    const name = params.required('AutoScalingGroupName');
    const ids = members(params, 'InstanceRefreshIds');
    const size = maxRecords(params, 100, 50);
    const group = world.fleet.group(name);
    const refreshes = group && group.ownerId === caller.accountId && group.region === region ? world.fleet.refreshesOf(name) : [];
    const kept = refreshes
      .filter((refresh) => ids.length === 0 || ids.includes(refresh.instanceRefreshId))
      .filter((refresh) => refresh.endTime === undefined || now.getTime() - refresh.createdAt.getTime() <= RETENTION_MS);
    const found = page(kept, params, size, (refresh) => newestFirst(refresh.createdAt, refresh.instanceRefreshId));
    return { InstanceRefreshes: found.items.map(refreshXml), NextToken: found.nextToken };
  });
}

function startInput(params: QueryParams): StartRefreshInput {
  const desired = params.scope('DesiredConfiguration');
  if (desired.present('MixedInstancesPolicy')) {
    throw validationError('A mixed instances policy cannot be the desired configuration of a group that launches from a launch template alone.');
  }
  const template = desired.scope('LaunchTemplate');
  const hasTemplate = desired.present('LaunchTemplate');
  const preferences = params.scope('Preferences');
  const checkpoints = members(preferences, 'CheckpointPercentages').map((value) => integer('CheckpointPercentages', value));
  return {
    strategy: params.string('Strategy'),
    desiredConfiguration: hasTemplate
      ? { launchTemplateId: template.string('LaunchTemplateId'), launchTemplateName: template.string('LaunchTemplateName'), version: template.string('Version') }
      : undefined,
    preferences: {
      minHealthyPercentage: preferences.integer('MinHealthyPercentage'),
      maxHealthyPercentage: preferences.integer('MaxHealthyPercentage'),
      instanceWarmup: preferences.integer('InstanceWarmup'),
      checkpointPercentages: checkpoints.length > 0 ? checkpoints : undefined,
      checkpointDelay: preferences.integer('CheckpointDelay'),
      skipMatching: preferences.boolean('SkipMatching'),
      autoRollback: preferences.boolean('AutoRollback'),
      scaleInProtectedInstances: preferences.string('ScaleInProtectedInstances'),
      standbyInstances: preferences.string('StandbyInstances'),
      bakeTime: preferences.integer('BakeTime'),
    },
  };
}

function integer(name: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw validationError(`Value (${value}) for parameter ${name} is invalid. Expected an integer.`);
  return Number(value);
}
