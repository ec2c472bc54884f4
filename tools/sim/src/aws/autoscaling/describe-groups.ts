import { type AutoScalingGroupRecord } from '../../world/fleet/groups.ts';
import { type World } from '../../world/world.ts';
import { reading, type Action } from '../service.ts';
import { autoScalingInstanceXml, groupXml } from './group-xml.ts';
import { maxRecords, members, page, validationError } from './requests.ts';

type GroupPredicate = (group: AutoScalingGroupRecord) => boolean;

/** Groups of the caller's account only: another account's groups do not exist for it. */
export function describeAutoScalingGroups(world: World): Action {
  return reading(({ params, caller, region }) => {
    const names = members(params, 'AutoScalingGroupNames');
    const size = maxRecords(params, 100, 50);
    const filters = params.structures('Filters.member').map((filter) => groupFilter(filter.string('Name') ?? '', members(filter, 'Values')));
    const includeInstances = params.boolean('IncludeInstances') ?? true;
    const { fleet } = world;
    const matching = fleet
      .groups()
      .filter((group) => group.ownerId === caller.accountId && group.region === region)
      .filter((group) => names.length === 0 || names.includes(group.name))
      .filter((group) => filters.every((matches) => matches(group)));
    const found = page(matching, params, size, (group) => group.name);
    return {
      AutoScalingGroups: found.items.map((group) => groupXml(group, includeInstances ? fleet.instancesOf(group.name) : undefined)),
      NextToken: found.nextToken,
    };
  });
}

/** The filters DescribeAutoScalingGroups knows: by tag key, tag value, or both. Values are alternatives. */
function groupFilter(name: string, values: string[]): GroupPredicate {
  if (name === 'tag-key') return (group) => group.tags.some((tag) => values.includes(tag.key));
  if (name === 'tag-value') return (group) => group.tags.some((tag) => values.includes(tag.value));
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (group) => group.tags.some((tag) => tag.key === key && values.includes(tag.value));
  }
  throw validationError(`The filter name '${name}' is not valid. Valid filter names are tag-key, tag-value and tag:<key>.`);
}

export function describeAutoScalingInstances(world: World): Action {
  return reading(({ params, caller, region }) => {
    const ids = members(params, 'InstanceIds');
    if (ids.length > 50) throw validationError('The number of instance ids that may be passed in is limited to 50.');
    const size = maxRecords(params, 50, 50);
    const { fleet } = world;
    const instances = fleet
      .groups()
      .filter((group) => group.ownerId === caller.accountId && group.region === region)
      .flatMap((group) => fleet.instancesOf(group.name))
      .filter((instance) => ids.length === 0 || ids.includes(instance.instanceId));
    const found = page(instances, params, size, (instance) => instance.instanceId);
    return { AutoScalingInstances: found.items.map(autoScalingInstanceXml), NextToken: found.nextToken };
  });
}
