import { type FreezeWindow, WEEKDAYS, type WeeklyWindow } from '../access-config.ts';
import { matchesAny } from './glob.ts';
import { formatZoned, zonedInstant, zonedParts } from './zoned-time.ts';

export interface FreezeHit {
  /** The window in force now (the one ending last, when several overlap). */
  window: string;
  /** When actions may run again: the end of this window and of any window it runs straight into. */
  until: Date;
  /** The same instant in the window's own time zone, for messages. */
  untilText: string;
}

/** Enough to cover a window on every day of the week; a freeze longer than this reports its first 8 weeks. */
const MAX_CHAINED_OCCURRENCES = 64;

function clockMinutes(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function weeklyEnd(window: WeeklyWindow, at: Date): Date | null {
  const tz = window.timezone;
  const now = zonedParts(at, tz);
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  const days = new Set(window.days.map((day) => WEEKDAYS.indexOf(day)));
  const today = { year: now.year, month: now.month, day: now.day };
  let end: Date | null = null;
  if (from < to) {
    if (days.has(now.weekday) && now.minutes >= from && now.minutes < to) end = zonedInstant(today, to, tz);
  } else if (days.has(now.weekday) && now.minutes >= from) {
    end = zonedInstant({ ...today, day: today.day + 1 }, to, tz);
  } else if (days.has((now.weekday + 6) % 7) && now.minutes < to) {
    end = zonedInstant(today, to, tz);
  }
  return end && end > at ? end : null;
}

/** The end of the occurrence of `window` that `at` falls in, or null when it is not in force then. */
export function freezeEndAt(window: FreezeWindow, at: Date): Date | null {
  if (window.weekly) return weeklyEnd(window.weekly, at);
  if (window.once && at >= window.once.from && at < window.once.to) return window.once.to;
  return null;
}

export function freezeTimeZone(window: FreezeWindow): string {
  return window.weekly?.timezone ?? 'UTC';
}

/** Whether a freeze window stops `action` on `target` at `at`, and until when. */
export function activeFreeze(windows: readonly FreezeWindow[], action: string, target: string, at: Date): FreezeHit | null {
  const applying = windows.filter((w) => matchesAny(w.actions, action) && matchesAny(w.targets, target));
  let hit: { window: FreezeWindow; until: Date } | null = null;
  let until = at;
  for (let step = 0; step < MAX_CHAINED_OCCURRENCES; step += 1) {
    const ends = applying.flatMap((window) => {
      const end = freezeEndAt(window, until);
      return end ? [{ window, end }] : [];
    });
    if (ends.length === 0) break;
    const latest = ends.reduce((a, b) => (b.end > a.end ? b : a));
    hit ??= { window: latest.window, until: latest.end };
    until = latest.end;
  }
  if (!hit) return null;
  return { window: hit.window.name, until, untilText: formatZoned(until, freezeTimeZone(hit.window)) };
}

/** When the cool-down after the last successful run ends, or null when it is over (or there is none). */
export function coolDownUntil(lastSucceededAt: Date | null, coolDownMs: number | null, at: Date): Date | null {
  if (lastSucceededAt === null || coolDownMs === null) return null;
  const end = new Date(lastSucceededAt.getTime() + coolDownMs);
  return end > at ? end : null;
}
