import { describe, expect, it } from 'vitest';
import { jenkinsTimeSpan, packerDuration } from './world/jenkins/durations.ts';

describe("Jenkins's Util.getTimeSpanString, as the queue's why and ETAs use it", () => {
  it.each([
    [5_000, '5 sec'],
    [4_937, '4.9 sec'],
    [937, '0.93 sec'],
    [45, '45 ms'],
    [12_345, '12 sec'],
    [3 * 60_000 + 12_400, '3 min 12 sec'],
    [12 * 60_000 + 5_000, '12 min'],
    [26 * 3_600_000, '1 day 2 hr'],
    [3 * 86_400_000, '3 days 0 hr'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(jenkinsTimeSpan(ms)).toBe(text);
  });
});

describe("packer's durafmt with the first two units", () => {
  it.each([
    [843_512, '14 minutes 3 seconds'],
    [60_512, '1 minute 512 milliseconds'],
    [3_600_000, '1 hour'],
    [25 * 60_000 + 1_000, '25 minutes 1 second'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(packerDuration(ms)).toBe(text);
  });
});
