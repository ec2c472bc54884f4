'use client';

import { useSyncExternalStore } from 'react';
import { formatAbsolute, formatRelative, formatRelativeShort, PAGE_CLOCK_TICK_MS } from './time-words';

// One clock for every timestamp on the page, so a page of a hundred times runs one timer.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  if (listeners.size === 0) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, PAGE_CLOCK_TICK_MS);
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

interface RelativeTimeProps {
  at: Date | null | undefined;
  /** Shown when there is no time. */
  never?: string;
  /** Also print the absolute time after the relative one. */
  withAbsolute?: boolean;
  /** "5d ago" rather than "5 days ago", for narrow columns. */
  short?: boolean;
}

/** "3 minutes ago", with the exact time on hover. */
export function RelativeTime({ at, never = 'never', withAbsolute = false, short = false }: RelativeTimeProps) {
  const nowMs = useNow();
  if (!at) return <span>{never}</span>;
  const absolute = formatAbsolute(at);
  return (
    <time dateTime={at.toISOString()} title={absolute}>
      {short ? formatRelativeShort(at, nowMs) : formatRelative(at, nowMs)}
      {withAbsolute && ` (${absolute})`}
    </time>
  );
}
