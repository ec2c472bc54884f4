import { describe, expect, it } from 'vitest';
import { parameterLines } from './request-parameters';

describe('a request’s parameters in words', () => {
  it('lists a refresh’s preferences one per line, booleans as on/off and unset values as default', () => {
    const lines = parameterLines({
      preferences: { minHealthyPercentage: 90, maxHealthyPercentage: null, checkpointPercentages: [50, 100], skipMatching: true, autoRollback: false },
    });
    expect(lines).toEqual([
      { label: 'min healthy percentage', value: '90' },
      { label: 'max healthy percentage', value: 'default' },
      { label: 'checkpoint percentages', value: '50, 100' },
      { label: 'skip matching', value: 'on' },
      { label: 'auto rollback', value: 'off' },
    ]);
  });

  it('shows flat parameters as they are, and nothing for an action without any', () => {
    expect(parameterLines({ dryRun: true, limit: 'web-*' })).toEqual([
      { label: 'dry run', value: 'on' },
      { label: 'limit', value: 'web-*' },
    ]);
    expect(parameterLines({})).toEqual([]);
    expect(parameterLines(null)).toEqual([]);
  });
});
