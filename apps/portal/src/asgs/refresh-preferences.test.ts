import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, readPreferences } from './refresh-preferences';

describe('readPreferences', () => {
  it('reads the defaults as min healthy 90 %, skip matching on and nothing else set', () => {
    expect(readPreferences(DEFAULT_PREFERENCES)).toEqual({
      ok: true,
      value: {
        minHealthyPercentage: 90,
        maxHealthyPercentage: null,
        instanceWarmupSeconds: null,
        checkpointPercentages: [],
        checkpointDelaySeconds: null,
        skipMatching: true,
        autoRollback: false,
      },
    });
  });

  it('reads checkpoints separated by commas or spaces', () => {
    const read = readPreferences({ ...DEFAULT_PREFERENCES, checkpointPercentages: '20, 50 100' });
    expect(read.ok && read.value.checkpointPercentages).toEqual([20, 50, 100]);
  });

  it('says which field is wrong and why', () => {
    const read = readPreferences({ ...DEFAULT_PREFERENCES, minHealthyPercentage: '101', instanceWarmupSeconds: 'soon', checkpointPercentages: '50, 20' });
    expect(read).toEqual({
      ok: false,
      problems: { minHealthyPercentage: 'from 0 to 100', instanceWarmupSeconds: 'a whole number from 0 to 3600', checkpointPercentages: 'must rise, e.g. 20, 50, 100' },
    });
  });

  it('refuses a healthy span wider than AWS allows', () => {
    const read = readPreferences({ ...DEFAULT_PREFERENCES, minHealthyPercentage: '50', maxHealthyPercentage: '200' });
    expect(read).toEqual({ ok: false, problems: { maxHealthyPercentage: 'at most 100 above the minimum' } });
  });
});
