import { type ActivityRecord } from '../../world/fleet/groups.ts';
import { type World } from '../../world/world.ts';
import { newestFirst } from '../pagination.ts';
import { type QueryParams } from '../query-params.ts';
import { reading, type Action } from '../service.ts';
import { RETENTION_MS } from './instance-refreshes.ts';
import { maxRecords, members, page, validationError } from './requests.ts';

const IN_PROGRESS = new Set<ActivityRecord['statusCode']>(['PreInService', 'InProgress', 'WaitingForInstanceWarmup']);

/** Activities still in progress first, then newest first, from the last six weeks of the caller's groups. */
export function describeScalingActivities(world: World): Action {
  return reading(({ params, caller, region, now }) => {
    const name = params.string('AutoScalingGroupName');
    const ids = members(params, 'ActivityIds');
    if (ids.length > 50) throw validationError('The number of activity ids that may be passed in is limited to 50.');
    const size = maxRecords(params, 100, 100);
    const filters = activityFilters(params);
    const owned = new Set(world.fleet.groups().filter((group) => group.ownerId === caller.accountId && group.region === region).map((group) => group.name));
    const activities = world.fleet.activities
      .filter((activity) => owned.has(activity.groupName) && (name === undefined || activity.groupName === name))
      .filter((activity) => ids.length === 0 || ids.includes(activity.activityId))
      .filter((activity) => now.getTime() - activity.startTime.getTime() <= RETENTION_MS)
      .filter((activity) => filters.every((matches) => matches(activity)));
    const found = page(activities, params, size, (activity) => `${IN_PROGRESS.has(activity.statusCode) ? 0 : 1}/${newestFirst(activity.startTime, activity.activityId)}`);
    return {
      Activities: found.items.map(activityXml),
      NextToken: found.nextToken,
    };
  });
}

/** One activity as AWS writes it, in DescribeScalingActivities and TerminateInstanceInAutoScalingGroup alike. */
export function activityXml(activity: ActivityRecord) {
  return {
    ActivityId: activity.activityId,
    AutoScalingGroupName: activity.groupName,
    Description: activity.description,
    Cause: activity.cause,
    StartTime: activity.startTime,
    EndTime: activity.endTime,
    StatusCode: activity.statusCode,
    StatusMessage: activity.statusMessage,
    Progress: activity.progress,
    Details: activity.details,
    AutoScalingGroupState: 'InService',
    AutoScalingGroupARN: activity.groupArn,
  };
}

/** Status (alternatives), StartTimeLowerBound and StartTimeUpperBound (ISO 8601). */
function activityFilters(params: QueryParams): ((activity: ActivityRecord) => boolean)[] {
  return params.structures('Filters.member').map((filter) => {
    const name = filter.string('Name') ?? '';
    const values = members(filter, 'Values');
    if (name === 'Status') return (activity) => values.includes(activity.statusCode);
    if (name === 'StartTimeLowerBound' || name === 'StartTimeUpperBound') {
      const bound = Date.parse(values[0] ?? '');
      if (Number.isNaN(bound)) throw validationError(`The value of filter ${name} must be a timestamp.`);
      return name === 'StartTimeLowerBound' ? (activity) => activity.startTime.getTime() >= bound : (activity) => activity.startTime.getTime() <= bound;
    }
    throw validationError(`The filter name '${name}' is not valid. Valid filter names are Status, StartTimeLowerBound and StartTimeUpperBound.`);
  });
}
