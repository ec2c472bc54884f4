import { describe, expect, it } from 'vitest';
import { formatRelativeShort } from './time-words.ts';

const now = Date.parse('2026-12-07T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000);

describe('formatRelativeShort', () => {
  it('says now within the minute, then minutes, hours and days', () => {
    expect(formatRelativeShort(ago(20), now)).toBe('now');
    expect(formatRelativeShort(ago(20 * 60 + 5), now)).toBe('20m ago');
    expect(formatRelativeShort(ago(3 * 3600 + 100), now)).toBe('3h ago');
    expect(formatRelativeShort(ago(26 * 3600), now)).toBe('1d ago');
  });

  it('counts nightly runs in days, not weeks, so runs a week or two old stay apart', () => {
    expect(formatRelativeShort(ago(8 * 86_400), now)).toBe('8d ago');
    expect(formatRelativeShort(ago(9 * 86_400), now)).toBe('9d ago');
    expect(formatRelativeShort(ago(400 * 86_400), now)).toBe('1y ago');
  });

  it('calls a time a little ahead of the page clock now', () => {
    expect(formatRelativeShort(new Date(now + 5_000), now)).toBe('now');
  });
});
