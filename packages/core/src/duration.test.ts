import { describe, expect, it } from 'vitest';
import { estimateDuration, formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it('shows seconds under a minute, and beside minutes only for short spans', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(12 * 60_000 + 34_000)).toBe('12 min');
  });

  it('shows hours with minutes up to two days, then days with hours, leaving out a zero part', () => {
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(185 * 60_000)).toBe('3 h 5 min');
    expect(formatDuration(24 * 3_600_000)).toBe('24 h');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
    expect(formatDuration(48 * 3_600_000)).toBe('2 d');
  });

  it('never shows a negative span', () => {
    expect(formatDuration(-5_000)).toBe('0 s');
  });

  it('keeps milliseconds and tenths of a second under a minute when asked', () => {
    expect(formatDuration(12, { subSecond: true })).toBe('12 ms');
    expect(formatDuration(1_540, { subSecond: true })).toBe('1.5 s');
    expect(formatDuration(90_000, { subSecond: true })).toBe('1 min 30 s');
  });
});

describe('estimateDuration', () => {
  it('takes the median of the finished runs, leaving out what cannot be a duration', () => {
    expect(estimateDuration([20, 30, 100, -5, Number.NaN].map((m) => m * 60_000))).toBe(30 * 60_000);
    expect(estimateDuration([20 * 60_000, 30 * 60_000])).toBe(25 * 60_000);
  });

  it('has no estimate without a finished run', () => {
    expect(estimateDuration([])).toBeNull();
  });
});
