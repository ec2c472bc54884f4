'use client';

import { useSyncExternalStore } from 'react';

// One clock for every timestamp on the page, so a page of a hundred times runs one timer.
const TICK_MS = 10_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  if (listeners.size === 0) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) clearInterval(timer);
  };
}

const getNow = () => now;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}

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
  // The page's clock ticks every TICK_MS, so a time read from the server since the last tick may lie
  // a little ahead of it: that is now, not the future.
  if (Math.abs(seconds) < 45) return seconds <= TICK_MS / 1000 ? 'just now' : 'in a few seconds';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** 2025-03-04 12:30:05 UTC: readable, unambiguous across the team's time zones. */
export function formatAbsolute(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

interface RelativeTimeProps {
  at: Date | null | undefined;
  /** Shown when there is no time. */
  never?: string;
  /** Also print the absolute time after the relative one. */
  withAbsolute?: boolean;
}

/** "3 minutes ago", with the exact time on hover. */
export function RelativeTime({ at, never = 'never', withAbsolute = false }: RelativeTimeProps) {
  const nowMs = useNow();
  if (!at) return <span>{never}</span>;
  const absolute = formatAbsolute(at);
  return (
    <time dateTime={at.toISOString()} title={absolute}>
      {formatRelative(at, nowMs)}
      {withAbsolute && ` (${absolute})`}
    </time>
  );
}
