import { refreshPreferencesParameters } from '@fleet/aws';
import type { RefreshObservation, RefreshPreferences } from '@fleet/core';
import { z } from 'zod';

export const refreshPreferencesSchema = z
  .strictObject({
    minHealthyPercentage: z.number().int().min(0).max(100).default(90),
    maxHealthyPercentage: z.number().int().min(100).max(200).nullable().default(null),
    instanceWarmupSeconds: z.number().int().min(0).max(3600).nullable().default(null),
    checkpointPercentages: z.array(z.number().int().min(1).max(100)).max(10).default([]),
    checkpointDelaySeconds: z.number().int().min(0).max(172_800).nullable().default(null),
    skipMatching: z.boolean().default(true),
    autoRollback: z.boolean().default(false),
  })
  .refine((p) => p.checkpointPercentages.every((v, i, all) => i === 0 || v > all[i - 1]!), {
    message: 'checkpoint percentages must rise, e.g. 20, 50, 100',
    path: ['checkpointPercentages'],
  })
  .refine((p) => p.maxHealthyPercentage === null || p.maxHealthyPercentage - p.minHealthyPercentage <= 100, {
    message: 'the span between minimum and maximum healthy percentage may be 100 at most',
    path: ['maxHealthyPercentage'],
  });

/**
 * Whether a refresh AWS reports carries the preferences a start asked for: a refresh with others
 * was started by someone else. A preference AWS leaves out of its answer proves nothing either way.
 */
export function carriesPreferences(refresh: RefreshObservation, asked: RefreshPreferences): boolean {
  const echoed = refresh.preferences as Record<string, unknown>;
  return Object.entries(refreshPreferencesParameters(asked)).every(([name, value]) => echoed[name] === undefined || JSON.stringify(echoed[name]) === JSON.stringify(value));
}
