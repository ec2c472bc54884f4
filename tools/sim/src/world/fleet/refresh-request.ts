import { validation } from './errors.ts';
import { type LaunchTemplateRef } from './launch-templates.ts';

export type RefreshStatus =
  | 'Pending'
  | 'InProgress'
  | 'Baking'
  | 'Successful'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled'
  | 'RollbackInProgress'
  | 'RollbackFailed'
  | 'RollbackSuccessful';

export interface RefreshPreferences {
  minHealthyPercentage: number;
  maxHealthyPercentage: number;
  /** Undefined: the group's DefaultInstanceWarmup, else its HealthCheckGracePeriod. */
  instanceWarmup: number | undefined;
  checkpointPercentages: number[] | undefined;
  checkpointDelay: number | undefined;
  skipMatching: boolean;
  autoRollback: boolean;
  scaleInProtectedInstances: 'Refresh' | 'Ignore' | 'Wait';
  standbyInstances: 'Terminate' | 'Ignore' | 'Wait';
  bakeTime: number;
}

export interface RollbackDetails {
  rollbackReason: string;
  rollbackStartTime: Date;
  percentageCompleteOnRollback: number;
  instancesToUpdateOnRollback: number;
}

export interface InstanceRefreshRecord {
  instanceRefreshId: string;
  groupName: string;
  status: RefreshStatus;
  statusReason: string | undefined;
  createdAt: Date;
  startTime: Date | undefined;
  endTime: Date | undefined;
  percentageComplete: number;
  instancesToUpdate: number;
  preferences: RefreshPreferences;
  desiredConfiguration: LaunchTemplateRef | undefined;
  strategy: 'Rolling';
  rollbackDetails: RollbackDetails | undefined;
  /** Who asked for it: an IAM ARN, or whoever drove the world directly. Not part of AWS's answer. */
  startedBy: string;
}

/** StartInstanceRefresh as the fleet takes it, from the API or from a test. */
export interface StartRefreshInput {
  strategy?: string;
  desiredConfiguration?: { launchTemplateId?: string; launchTemplateName?: string; version?: string };
  preferences?: Partial<Omit<RefreshPreferences, 'scaleInProtectedInstances' | 'standbyInstances'>> & {
    scaleInProtectedInstances?: string;
    standbyInstances?: string;
  };
  startedBy?: string;
}

const MAX_DELAY_SECONDS = 172_800;

/** AWS's defaults filled in, after the checks StartInstanceRefresh makes of its preferences. */
export function refreshPreferences(input: StartRefreshInput): RefreshPreferences {
  const given = input.preferences ?? {};
  if (input.strategy !== undefined && input.strategy !== 'Rolling') {
    if (input.strategy === 'ReplaceRootVolume') throw validation('The ReplaceRootVolume strategy requires a mixed instances policy with an ImageId override for every instance type.');
    throw validation(`1 validation error detected: Value '${input.strategy}' at 'strategy' failed to satisfy constraint: Member must satisfy enum value set: [Rolling, ReplaceRootVolume]`);
  }
  const min = within('preferences.minHealthyPercentage', given.minHealthyPercentage, 0, 100);
  const max = within('preferences.maxHealthyPercentage', given.maxHealthyPercentage, 100, 200);
  if (max !== undefined && min === undefined) throw validation('You must specify MinHealthyPercentage when you specify MaxHealthyPercentage.');
  const minHealthyPercentage = min ?? 90;
  const maxHealthyPercentage = max ?? 100;
  if (maxHealthyPercentage - minHealthyPercentage > 100) {
    throw validation('The difference between MaxHealthyPercentage and MinHealthyPercentage cannot be greater than 100.');
  }
  const checkpoints = given.checkpointPercentages;
  checkpoints?.forEach((value, index) => {
    within(`preferences.checkpointPercentages.${index + 1}.member`, value, 1, 100);
    if (index > 0 && value <= (checkpoints[index - 1] ?? 0)) throw validation('CheckpointPercentages must be unique and in ascending order.');
  });
  const delay = within('preferences.checkpointDelay', given.checkpointDelay, 0, MAX_DELAY_SECONDS);
  if (delay !== undefined && !checkpoints?.length) throw validation('You must specify CheckpointPercentages when you specify CheckpointDelay.');
  return {
    minHealthyPercentage,
    maxHealthyPercentage,
    instanceWarmup: within('preferences.instanceWarmup', given.instanceWarmup, 0, Number.MAX_SAFE_INTEGER),
    checkpointPercentages: checkpoints?.length ? [...checkpoints] : undefined,
    checkpointDelay: checkpoints?.length ? (delay ?? 3600) : undefined,
    skipMatching: given.skipMatching ?? false,
    autoRollback: given.autoRollback ?? false,
    scaleInProtectedInstances: oneOf('preferences.scaleInProtectedInstances', given.scaleInProtectedInstances, ['Refresh', 'Ignore', 'Wait'] as const) ?? 'Wait',
    standbyInstances: oneOf('preferences.standbyInstances', given.standbyInstances, ['Terminate', 'Ignore', 'Wait'] as const) ?? 'Wait',
    bakeTime: within('preferences.bakeTime', given.bakeTime, 0, MAX_DELAY_SECONDS) ?? 0,
  };
}

function within(member: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value)) throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be an integer`);
  if (value < min) throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (value > max) throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return value;
}

function oneOf<T extends string>(member: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return found;
}

/**
 * How many instances one batch replaces: as many as the healthy range allows (at least one), and
 * no more than it takes to reach the next checkpoint.
 */
export function batchSize(desired: number, preferences: RefreshPreferences, pending: number, toCheckpoint: number | undefined): { size: number; launchFirst: number } {
  const keep = Math.ceil((desired * preferences.minHealthyPercentage) / 100);
  const ceiling = Math.floor((desired * preferences.maxHealthyPercentage) / 100);
  let size = Math.max(1, ceiling - keep);
  if (toCheckpoint !== undefined) size = Math.min(size, Math.max(1, toCheckpoint));
  size = Math.min(size, pending);
  return { size, launchFirst: Math.min(size, Math.max(0, ceiling - desired)) };
}
