import type { RefreshPreferences } from '@fleet/core';

/** The refresh preferences as typed in the form: numbers stay text until they are read. */
export interface RefreshPreferencesDraft {
  minHealthyPercentage: string;
  maxHealthyPercentage: string;
  instanceWarmupSeconds: string;
  checkpointPercentages: string;
  checkpointDelaySeconds: string;
  skipMatching: boolean;
  autoRollback: boolean;
}

export type RefreshPreferencesProblems = Partial<Record<keyof RefreshPreferencesDraft, string>>;

export const DEFAULT_PREFERENCES: RefreshPreferencesDraft = {
  minHealthyPercentage: '90',
  maxHealthyPercentage: '',
  instanceWarmupSeconds: '',
  checkpointPercentages: '',
  checkpointDelaySeconds: '',
  skipMatching: true,
  autoRollback: false,
};

function whole(text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text.trim())) return `a whole number from ${min} to ${max}`;
  const value = Number(text.trim());
  return value < min || value > max ? `from ${min} to ${max}` : value;
}

function optionalWhole(text: string, min: number, max: number): number | null | string {
  return text.trim() === '' ? null : whole(text, min, max);
}

/**
 * Reads the form into the action's input, or says what is wrong with each field. The server
 * checks again (packages/api asg-refresh.ts); this only spares a round trip per keystroke.
 */
export function readPreferences(draft: RefreshPreferencesDraft): { ok: true; value: RefreshPreferences } | { ok: false; problems: RefreshPreferencesProblems } {
  const problems: RefreshPreferencesProblems = {};
  const min = whole(draft.minHealthyPercentage, 0, 100);
  const max = optionalWhole(draft.maxHealthyPercentage, 100, 200);
  const warmup = optionalWhole(draft.instanceWarmupSeconds, 0, 3600);
  const delay = optionalWhole(draft.checkpointDelaySeconds, 0, 172_800);
  const parts = draft.checkpointPercentages.split(/[\s,]+/).filter((p) => p !== '');
  const checkpoints = parts.map((p) => whole(p, 1, 100));
  if (typeof min === 'string') problems.minHealthyPercentage = min;
  if (typeof max === 'string') problems.maxHealthyPercentage = max;
  else if (max !== null && typeof min === 'number' && max - min > 100) problems.maxHealthyPercentage = 'at most 100 above the minimum';
  if (typeof warmup === 'string') problems.instanceWarmupSeconds = warmup;
  if (typeof delay === 'string') problems.checkpointDelaySeconds = delay;
  const bad = checkpoints.find((c) => typeof c === 'string');
  if (bad !== undefined) problems.checkpointPercentages = `each ${bad}`;
  else if (checkpoints.length > 10) problems.checkpointPercentages = 'at most 10 checkpoints';
  else if (checkpoints.some((c, i) => i > 0 && (c as number) <= (checkpoints[i - 1] as number))) problems.checkpointPercentages = 'must rise, e.g. 20, 50, 100';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      minHealthyPercentage: min as number,
      maxHealthyPercentage: max as number | null,
      instanceWarmupSeconds: warmup as number | null,
      checkpointPercentages: checkpoints as number[],
      checkpointDelaySeconds: delay as number | null,
      skipMatching: draft.skipMatching,
      autoRollback: draft.autoRollback,
    },
  };
}
