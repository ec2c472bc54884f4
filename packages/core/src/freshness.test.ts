import { describe, expect, it } from 'vitest';
import { freshnessOf, lastSeenOf, type SyncSourceRecord } from './freshness.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, seconds));
const base: SyncSourceRecord = {
  key: 'ec2.images:1:us-east-1',
  kind: 'ec2.images',
  accountId: '1',
  region: 'us-east-1',
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastErrorCode: null,
  lastErrorMessage: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
};

describe('freshnessOf', () => {
  it('is never-synced before the first success', () => {
    expect(freshnessOf(base, 10_000, at(0))).toEqual({ state: 'never-synced', ageMs: null });
  });

  it('is fresh within three intervals and stale after', () => {
    const synced = { ...base, lastSuccessAt: at(0) };
    expect(freshnessOf(synced, 10_000, at(30))).toEqual({ state: 'fresh', ageMs: 30_000 });
    expect(freshnessOf(synced, 10_000, at(31))).toEqual({ state: 'stale', ageMs: 31_000 });
  });

  it('is failing while the latest attempt failed, keeping the age of the last good data', () => {
    const failing = { ...base, lastSuccessAt: at(0), lastErrorAt: at(5), lastErrorCode: 'auth', consecutiveFailures: 1 };
    expect(freshnessOf(failing, 10_000, at(6))).toEqual({ state: 'failing', ageMs: 6_000 });
  });

  it('is fresh again once a success follows the failure', () => {
    const recovered = { ...base, lastSuccessAt: at(9), lastErrorAt: at(5), lastErrorCode: 'auth', consecutiveFailures: 0 };
    expect(freshnessOf(recovered, 10_000, at(10)).state).toBe('fresh');
  });
});

describe('lastSeenOf', () => {
  it('is the source’s last complete listing for a row still live, which a pass where nothing changed did not write', () => {
    expect(lastSeenOf(at(0), true, at(90))).toEqual(at(90));
  });

  it('is when it was last written for a row that is gone, or while the source never listed since', () => {
    expect(lastSeenOf(at(0), false, at(90))).toEqual(at(0));
    expect(lastSeenOf(at(30), true, at(10))).toEqual(at(30));
    expect(lastSeenOf(at(30), true, null)).toEqual(at(30));
  });
});
