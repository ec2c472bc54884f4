import { type World } from '../../world/world.ts';
import { awsQueryProtocol } from '../protocol.ts';
import { type QueryService } from '../service.ts';
import { describeAutoScalingGroups, describeAutoScalingInstances } from './describe-groups.ts';
import { cancelInstanceRefresh, describeInstanceRefreshes, rollbackInstanceRefresh, startInstanceRefresh } from './instance-refreshes.ts';
import { setInstanceHealth, terminateInstanceInAutoScalingGroup } from './instance-actions.ts';
import { describeScalingActivities } from './scaling-activities.ts';
import { updateAutoScalingGroup } from './update-group.ts';

export function autoScalingService(world: World): QueryService {
  return {
    name: 'autoscaling',
    version: '2011-01-01',
    xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
    protocol: awsQueryProtocol,
    actions: {
      DescribeAutoScalingGroups: describeAutoScalingGroups(world),
      DescribeAutoScalingInstances: describeAutoScalingInstances(world),
      StartInstanceRefresh: startInstanceRefresh(world),
      CancelInstanceRefresh: cancelInstanceRefresh(world),
      RollbackInstanceRefresh: rollbackInstanceRefresh(world),
      DescribeInstanceRefreshes: describeInstanceRefreshes(world),
      DescribeScalingActivities: describeScalingActivities(world),
      UpdateAutoScalingGroup: updateAutoScalingGroup(world),
      SetInstanceHealth: setInstanceHealth(world),
      TerminateInstanceInAutoScalingGroup: terminateInstanceInAutoScalingGroup(world),
    },
  };
}
