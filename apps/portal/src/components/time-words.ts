/** Times in words, for the page: "3 minutes ago", "5d ago", "2025-03-04 12:30:05 UTC". */

/** How often the page's one clock (RelativeTime's) ticks: relative times are as fresh as this. */
export const PAGE_CLOCK_TICK_MS = 10_000;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatRelative(at: Date, nowMs: number): string {
  const seconds = Math.round((at.getTime() - nowMs) / 1000);
  // The page's clock ticks every PAGE_CLOCK_TICK_MS, so a time read from the server since the last
  // tick may lie a little ahead of it: that is now, not the future.
  if (Math.abs(seconds) < 45) return seconds <= PAGE_CLOCK_TICK_MS / 1000 ? 'just now' : 'in a few seconds';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

const SHORT_UNITS: [string, number][] = [
  ['y', 365 * 24 * 3600],
  ['d', 24 * 3600],
  ['h', 3600],
  ['m', 60],
];

/**
 * "5d ago", "3h ago": for column headers of narrow columns. Days rather than weeks, so nightly
 * runs a week or two old stay apart.
 */
export function formatRelativeShort(at: Date, nowMs: number): string {
  const seconds = Math.round((nowMs - at.getTime()) / 1000);
  if (seconds < 60) return 'now';
  const [unit, size] = SHORT_UNITS.find(([, length]) => seconds >= length) ?? ['m', 60];
  return `${Math.floor(seconds / size)}${unit} ago`;
}

/** 2025-03-04 12:30:05 UTC: readable, unambiguous across the team's time zones. */
export function formatAbsolute(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
