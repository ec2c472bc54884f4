/**
 * What a refresh's loosely typed parts say, read defensively: `preferences` and `progressDetails`
 * are stored as DescribeInstanceRefreshes returned them (AWS's PascalCase members), and the
 * checkpoint a refresh waits at is told only in its status reason.
 */

export interface RefreshSettings {
  minHealthyPercentage: number | null;
  maxHealthyPercentage: number | null;
  instanceWarmupSeconds: number | null;
  checkpointPercentages: number[];
  checkpointDelaySeconds: number | null;
  skipMatching: boolean | null;
  autoRollback: boolean | null;
}

type Loose = Record<string, unknown> | null | undefined;

const numberAt = (record: Loose, key: string): number | null => {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
const booleanAt = (record: Loose, key: string): boolean | null => {
  const value = record?.[key];
  return typeof value === 'boolean' ? value : null;
};
const recordAt = (record: Loose, key: string): Loose => {
  const value = record?.[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
};

export function refreshSettings(preferences: Loose): RefreshSettings {
  const checkpoints = preferences?.CheckpointPercentages;
  return {
    minHealthyPercentage: numberAt(preferences, 'MinHealthyPercentage'),
    maxHealthyPercentage: numberAt(preferences, 'MaxHealthyPercentage'),
    instanceWarmupSeconds: numberAt(preferences, 'InstanceWarmup'),
    checkpointPercentages: Array.isArray(checkpoints) ? checkpoints.filter((c): c is number => typeof c === 'number') : [],
    checkpointDelaySeconds: numberAt(preferences, 'CheckpointDelay'),
    skipMatching: booleanAt(preferences, 'SkipMatching'),
    autoRollback: booleanAt(preferences, 'AutoRollback'),
  };
}

export interface PoolProgress {
  pool: 'live pool' | 'warm pool';
  percentageComplete: number | null;
  instancesToUpdate: number | null;
}

/** The live pool's and, where the group has one, the warm pool's progress. */
export function poolProgress(progressDetails: Loose): PoolProgress[] {
  const pools: [PoolProgress['pool'], string][] = [
    ['live pool', 'LivePoolProgress'],
    ['warm pool', 'WarmPoolProgress'],
  ];
  return pools.flatMap(([pool, key]) => {
    const progress = recordAt(progressDetails, key);
    if (!progress) return [];
    return [{ pool, percentageComplete: numberAt(progress, 'PercentageComplete'), instancesToUpdate: numberAt(progress, 'InstancesToUpdate') }];
  });
}

export type CheckpointState =
  | { kind: 'waiting'; percentage: number; delaySeconds: number | null }
  | { kind: 'next'; percentage: number }
  | { kind: 'none' };

/**
 * Whether the refresh waits at a checkpoint ("Checkpoint 60% reached. Waiting 3600 seconds …"),
 * or which one it heads for next.
 */
export function checkpointState(statusReason: string | null, settings: RefreshSettings, percentageComplete: number | null): CheckpointState {
  const reached = statusReason ? /checkpoint\D{0,20}(\d{1,3})\s*%[^.]*reached/i.exec(statusReason) : null;
  if (reached?.[1]) {
    const delay = /waiting\D{0,20}(\d+)\s*seconds/i.exec(statusReason ?? '');
    return { kind: 'waiting', percentage: Number(reached[1]), delaySeconds: delay?.[1] ? Number(delay[1]) : settings.checkpointDelaySeconds };
  }
  // A checkpoint at 100 % is the end itself: the refresh does not pause there.
  const next = settings.checkpointPercentages.find((c) => c > (percentageComplete ?? 0) && c < 100);
  return next === undefined ? { kind: 'none' } : { kind: 'next', percentage: next };
}

/** Who started a refresh: a portal user by name, or nobody the portal knows. */
export function startedByWords(startedBy: string | null): string {
  return startedBy ?? 'outside the portal';
}

/** "ada, approved by grace" for a four-eyes refresh; the requester alone otherwise. */
export function requestedByWords(refresh: { startedBy: string | null; approvedBy: string | null }): string {
  return refresh.approvedBy ? `${startedByWords(refresh.startedBy)}, approved by ${refresh.approvedBy}` : startedByWords(refresh.startedBy);
}
