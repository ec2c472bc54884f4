import { type InstanceRefreshRecord } from '../../world/fleet/refresh-request.ts';
import { type XmlObject } from '../xml.ts';
import { launchTemplateXml } from './group-xml.ts';

/** An `InstanceRefreshes` member as DescribeInstanceRefreshes writes it, preferences echoed with AWS's defaults. */
export function refreshXml(refresh: InstanceRefreshRecord): XmlObject {
  const { preferences: p, rollbackDetails: rollback } = refresh;
  return {
    InstanceRefreshId: refresh.instanceRefreshId,
    AutoScalingGroupName: refresh.groupName,
    Status: refresh.status,
    StatusReason: refresh.statusReason,
    StartTime: refresh.startTime,
    EndTime: refresh.endTime,
    PercentageComplete: refresh.percentageComplete,
    InstancesToUpdate: refresh.instancesToUpdate,
    ProgressDetails: { LivePoolProgress: { PercentageComplete: refresh.percentageComplete, InstancesToUpdate: refresh.instancesToUpdate } },
    Preferences: {
      MinHealthyPercentage: p.minHealthyPercentage,
      InstanceWarmup: p.instanceWarmup,
      CheckpointPercentages: p.checkpointPercentages,
      CheckpointDelay: p.checkpointDelay,
      SkipMatching: p.skipMatching,
      AutoRollback: p.autoRollback,
      ScaleInProtectedInstances: p.scaleInProtectedInstances,
      StandbyInstances: p.standbyInstances,
      MaxHealthyPercentage: p.maxHealthyPercentage,
      BakeTime: p.bakeTime,
    },
    DesiredConfiguration: refresh.desiredConfiguration ? { LaunchTemplate: launchTemplateXml(refresh.desiredConfiguration) } : undefined,
    RollbackDetails: rollback
      ? {
          RollbackReason: rollback.rollbackReason,
          RollbackStartTime: rollback.rollbackStartTime,
          PercentageCompleteOnRollback: rollback.percentageCompleteOnRollback,
          InstancesToUpdateOnRollback: rollback.instancesToUpdateOnRollback,
          ProgressDetailsOnRollback: {
            LivePoolProgress: { PercentageComplete: rollback.percentageCompleteOnRollback, InstancesToUpdate: rollback.instancesToUpdateOnRollback },
          },
        }
      : undefined,
    Strategy: refresh.strategy,
  };
}
