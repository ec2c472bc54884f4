import { describe, expect, it } from 'vitest';
import { rollbackOf } from './drift.ts';

describe('a refresh’s rollback details as stored', () => {
  it('reads why and from how far it was rolled back, with the time back from its ISO string', () => {
    expect(
      rollbackOf({
        RollbackReason: 'Instance refresh failed, rolling back automatically.',
        RollbackStartTime: '2025-03-10T09:30:00.000Z',
        PercentageCompleteOnRollback: 40,
        InstancesToUpdateOnRollback: 3,
        ProgressDetailsOnRollback: { LivePoolProgress: { PercentageComplete: 40 } },
      }),
    ).toEqual({ reason: 'Instance refresh failed, rolling back automatically.', startTime: new Date('2025-03-10T09:30:00.000Z'), percentageComplete: 40, instancesToUpdate: 3 });
  });

  it('is null for a refresh that was not rolled back, and for details it cannot read', () => {
    expect(rollbackOf(null)).toBeNull();
    expect(rollbackOf({})).toBeNull();
    expect(rollbackOf({ PercentageCompleteOnRollback: 'forty' })).toBeNull();
    expect(rollbackOf('rolled back')).toBeNull();
  });

  it('keeps what AWS gave when it leaves fields out', () => {
    expect(rollbackOf({ RollbackReason: 'Rollback initiated by user' })).toEqual({ reason: 'Rollback initiated by user', startTime: null, percentageComplete: null, instancesToUpdate: null });
  });
});
