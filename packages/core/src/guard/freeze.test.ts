import { describe, expect, it } from 'vitest';
import type { FreezeWindow, WeeklyWindow } from '../access-config.ts';
import { activeFreeze, coolDownUntil } from './freeze.ts';

function weekly(name: string, days: WeeklyWindow['days'], from: string, to: string, timezone = 'UTC'): FreezeWindow {
  return { name, weekly: { days, from, to, timezone }, actions: ['*'], targets: ['*'] };
}

const at = (iso: string) => new Date(iso);

describe('weekly freeze windows', () => {
  // 2026-11-27 is a Friday.
  const evening = weekly('friday evening', ['fri'], '16:00', '18:00', 'Europe/Berlin');

  it('hold in the window’s own time zone and say until when', () => {
    // 15:30 UTC is 16:30 in Berlin (UTC+1 in November).
    expect(activeFreeze([evening], 'asg.refresh.start', 'a', at('2026-11-27T15:30:00Z'))).toEqual({
      window: 'friday evening',
      until: at('2026-11-27T17:00:00Z'),
      untilText: '2026-11-27 18:00 Europe/Berlin',
    });
    expect(activeFreeze([evening], 'asg.refresh.start', 'a', at('2026-11-27T14:59:00Z'))).toBeNull();
    expect(activeFreeze([evening], 'asg.refresh.start', 'a', at('2026-11-27T17:00:00Z'))).toBeNull();
  });

  it('run past midnight when `to` is not after `from`, into the next day', () => {
    const night = weekly('night', ['fri'], '22:00', '06:00');
    expect(activeFreeze([night], 'x', 'a', at('2026-11-27T23:00:00Z'))?.until).toEqual(at('2026-11-28T06:00:00Z'));
    expect(activeFreeze([night], 'x', 'a', at('2026-11-28T05:59:00Z'))?.until).toEqual(at('2026-11-28T06:00:00Z'));
    expect(activeFreeze([night], 'x', 'a', at('2026-11-27T05:00:00Z'))).toBeNull();
  });

  it('follow daylight saving: 18:00 in New York is 22:00 UTC in summer, 23:00 in winter', () => {
    const ny = weekly('ny', ['fri'], '09:00', '18:00', 'America/New_York');
    expect(activeFreeze([ny], 'x', 'a', at('2026-07-10T15:00:00Z'))?.until).toEqual(at('2026-07-10T22:00:00Z'));
    expect(activeFreeze([ny], 'x', 'a', at('2026-11-27T15:00:00Z'))?.until).toEqual(at('2026-11-27T23:00:00Z'));
  });

  it('report the end of back-to-back windows, not the first of them', () => {
    const weekend = weekly('weekend', ['sat', 'sun'], '00:00', '24:00');
    const mondayMorning = weekly('monday morning', ['mon'], '00:00', '08:00');
    const hit = activeFreeze([weekend, mondayMorning], 'x', 'a', at('2026-11-28T10:00:00Z'));
    expect(hit).toEqual({ window: 'weekend', until: at('2026-11-30T08:00:00Z'), untilText: '2026-11-30 08:00 UTC' });
  });

  it('apply only to the actions and targets they name', () => {
    const prodOnly: FreezeWindow = { ...weekly('prod', ['fri'], '00:00', '24:00'), actions: ['asg.refresh.*'], targets: ['*-prod'] };
    const friday = at('2026-11-27T12:00:00Z');
    expect(activeFreeze([prodOnly], 'asg.refresh.start', 'app-prod', friday)).not.toBeNull();
    expect(activeFreeze([prodOnly], 'asg.refresh.start', 'app-stage', friday)).toBeNull();
    expect(activeFreeze([prodOnly], 'housekeeping.run', 'app-prod', friday)).toBeNull();
  });
});

describe('one-off freeze windows', () => {
  const release: FreezeWindow = { name: 'release freeze', once: { from: at('2026-12-20T00:00:00Z'), to: at('2027-01-04T08:00:00Z') }, actions: ['*'], targets: ['*'] };

  it('hold from `from` up to, not including, `to`', () => {
    expect(activeFreeze([release], 'x', 'a', at('2026-12-20T00:00:00Z'))?.untilText).toBe('2027-01-04 08:00 UTC');
    expect(activeFreeze([release], 'x', 'a', at('2027-01-04T08:00:00Z'))).toBeNull();
  });
});

describe('coolDownUntil', () => {
  it('holds for the cool-down after the last success, and not without one', () => {
    const last = at('2026-11-27T12:00:00Z');
    expect(coolDownUntil(last, 1_800_000, at('2026-11-27T12:10:00Z'))).toEqual(at('2026-11-27T12:30:00Z'));
    expect(coolDownUntil(last, 1_800_000, at('2026-11-27T12:30:00Z'))).toBeNull();
    expect(coolDownUntil(null, 1_800_000, at('2026-11-27T12:10:00Z'))).toBeNull();
    expect(coolDownUntil(last, null, at('2026-11-27T12:10:00Z'))).toBeNull();
  });
});
