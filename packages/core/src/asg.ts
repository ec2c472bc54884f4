/** An Auto Scaling group as DescribeAutoScalingGroups and its launch template show it. */
export interface AsgObservation {
  name: string;
  arn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  launchTemplate: { id: string | null; name: string | null; version: string | null } | null;
  tags: Record<string, string>;
  instances: AsgInstanceObservation[];
  createdTime: Date | null;
  status: string | null;
}

export interface AsgInstanceObservation {
  instanceId: string;
  availabilityZone: string;
  lifecycleState: string;
  healthStatus: string;
  launchTemplateVersion: string | null;
  protectedFromScaleIn: boolean;
}

export const REFRESH_STATUSES = [
  'Pending',
  'InProgress',
  'Baking',
  'Successful',
  'Failed',
  'Cancelling',
  'Cancelled',
  'RollbackInProgress',
  'RollbackSuccessful',
  'RollbackFailed',
] as const;
export type RefreshStatus = (typeof REFRESH_STATUSES)[number];

/** Statuses in which AWS refuses to start another refresh on the group. */
export const ACTIVE_REFRESH_STATUSES: readonly RefreshStatus[] = ['Pending', 'InProgress', 'Baking', 'Cancelling', 'RollbackInProgress'];

export function isActiveRefresh(status: string): boolean {
  return (ACTIVE_REFRESH_STATUSES as readonly string[]).includes(status);
}

export interface RefreshPreferences {
  minHealthyPercentage: number;
  maxHealthyPercentage: number | null;
  instanceWarmupSeconds: number | null;
  checkpointPercentages: number[];
  checkpointDelaySeconds: number | null;
  skipMatching: boolean;
  autoRollback: boolean;
}

export interface RefreshObservation {
  id: string;
  asgName: string;
  status: RefreshStatus;
  statusReason: string | null;
  percentageComplete: number | null;
  instancesToUpdate: number | null;
  startTime: Date | null;
  endTime: Date | null;
  preferences: Partial<RefreshPreferences> & Record<string, unknown>;
  desiredConfiguration: Record<string, unknown> | null;
  progressDetails: Record<string, unknown> | null;
  rollbackDetails: Record<string, unknown> | null;
}

export interface ScalingActivityObservation {
  activityId: string;
  asgName: string;
  description: string;
  cause: string;
  startTime: Date;
  endTime: Date | null;
  statusCode: string;
  progress: number | null;
  /** The instance the activity launched or terminated, read from its description. */
  instanceId: string | null;
}

export function instanceIdOfActivity(description: string): string | null {
  return /\b(i-[0-9a-f]{8,17})\b/.exec(description)?.[1] ?? null;
}

/**
 * Why AWS would refuse to roll back the group's refresh, or null when it would not. Rollback cancels
 * a refresh in progress and restores the configuration before it, which AWS refuses
 * (IrreversibleInstanceRefresh) without a desired configuration, with the group on launch template
 * version $Latest or $Default, or with an AMI taken from an SSM parameter.
 */
export function rollbackRefusal(input: {
  refresh: Pick<RefreshObservation, 'status' | 'desiredConfiguration'> | null;
  launchTemplateVersion: string | null;
  imageSource: 'ami' | 'ssm' | null;
}): string | null {
  const { refresh } = input;
  if (!refresh || !['Pending', 'InProgress', 'Baking'].includes(refresh.status)) {
    return 'no refresh in progress to roll back';
  }
  if (!refresh.desiredConfiguration) return 'the refresh was started without a desired configuration';
  if (input.launchTemplateVersion === '$Latest' || input.launchTemplateVersion === '$Default') {
    return `the group uses launch template version ${input.launchTemplateVersion}; AWS rolls back only to a numbered version`;
  }
  if (input.imageSource === 'ssm') return 'the launch template takes its AMI from an SSM parameter, which AWS cannot roll back to';
  return null;
}
