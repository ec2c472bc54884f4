import { describe, expect, it } from 'vitest';
import { housekeepingReading } from './housekeeping-signal.ts';

const night = (day: number) => new Date(Date.UTC(2026, 11, day, 2));
const runs = (...failed: boolean[]) => failed.map((f, i) => ({ runId: `run-${i}`, at: night(10 - i), failed: f }));

describe('housekeeping on a node', () => {
  it('degrades a node the newest run failed on after an earlier failure, linking the newest run', () => {
    const { reasons } = housekeepingReading({ instanceId: 'i-0abc', housekeeping: [{ job: 'jenkins-worker-housekeeping', runs: runs(true, true, true) }] });
    expect(reasons).toEqual([
      {
        code: 'housekeeping-failing',
        severity: 'degraded',
        signal: 'housekeeping',
        message: 'housekeeping jenkins-worker-housekeeping failed in 3 of the last 3 runs',
        since: night(8),
        href: '/housekeeping/runs/run-0',
      },
    ]);
  });

  it('counts two failures of the last three, the newest among them', () => {
    expect(housekeepingReading({ instanceId: 'i-0abc', housekeeping: [{ job: 'x', runs: runs(true, false, true, true) }] }).reasons[0]?.message).toBe('housekeeping x failed in 2 of the last 3 runs');
  });

  it('lets one failed night pass, and clears once the newest run succeeds', () => {
    expect(housekeepingReading({ instanceId: 'i-0abc', housekeeping: [{ job: 'x', runs: runs(true, false, false) }] }).reasons).toEqual([]);
    expect(housekeepingReading({ instanceId: 'i-0abc', housekeeping: [{ job: 'x', runs: runs(false, true, true) }] }).reasons).toEqual([]);
    expect(housekeepingReading({ instanceId: 'i-0abc' }).reasons).toEqual([]);
  });
});
