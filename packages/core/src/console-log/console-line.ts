import { ownedCopy } from './line-splitter.ts';

/**
 * One line of a Jenkins console log as a reader sees it, with what the tools around it add taken
 * off: ANSI colours (Ansible's force_color, Packer's coloured UI), Jenkins console notes, the
 * Jenkins timestamper prefix and Packer's `-timestamp-ui` prefix.
 *
 * Recognised prefixes, each optional, in this order:
 * - Jenkins timestamper, Pipeline form: `[2026-12-07T02:40:00.123Z] `
 * - Jenkins timestamper, time of day: `02:40:00 ` or `[02:40:00] ` (one or more spaces after)
 * - Packer `-timestamp-ui` (RFC 3339, then a colon): `2026-12-07T02:40:00Z: ` or `2026-12-07T02:40:00+01:00: `
 */
export interface ConsoleTimestamp {
  /** As printed, e.g. `2026-12-07T02:40:00.123Z` or `02:40:00`. */
  text: string;
  /** Milliseconds since the epoch when the stamp carries a date; null for a time of day only. */
  epochMs: number | null;
  /** Seconds since midnight as printed, so time-of-day stamps still give durations. */
  secondsOfDay: number;
}

export interface ConsoleLine {
  text: string;
  at: ConsoleTimestamp | null;
}

// Jenkins hides hyperlink notes in the raw log as ESC[8m ha:<base64> ESC[0m; ANSI codes are CSI
// sequences, OSC strings (terminated by BEL or ESC \) or single escaped characters.
// eslint-disable-next-line no-control-regex -- the escape character is what is being matched
const JENKINS_NOTE = /\u001b\[8mha:[^\u001b]*\u001b\[0m/g;
// eslint-disable-next-line no-control-regex -- the escape character is what is being matched
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
const JENKINS_ISO_PREFIX = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\] /;
const JENKINS_TIME_PREFIX = /^(?:\[(\d\d:\d\d:\d\d(?:\.\d+)?)\]|(\d\d:\d\d:\d\d(?:\.\d+)?)) +/;
const PACKER_TIMESTAMP_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)): /;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(JENKINS_NOTE, '').replace(ANSI_SEQUENCE, '') : text;
}

export function cleanConsoleLine(raw: string): ConsoleLine {
  let text = stripAnsi(raw);
  let at: ConsoleTimestamp | null = null;

  const iso = JENKINS_ISO_PREFIX.exec(text);
  if (iso) {
    at = timestamp(iso[1]!);
    text = text.slice(iso[0].length);
  } else {
    const time = JENKINS_TIME_PREFIX.exec(text);
    if (time) {
      at = timestamp((time[1] ?? time[2])!);
      text = text.slice(time[0].length);
    }
  }
  const packer = PACKER_TIMESTAMP_PREFIX.exec(text);
  if (packer) {
    // Packer's own stamp carries a date; it is the more precise of the two.
    at = timestamp(packer[1]!);
    text = text.slice(packer[0].length);
  }
  return { text, at };
}

function timestamp(text: string): ConsoleTimestamp {
  const clock = /(\d\d):(\d\d):(\d\d(?:\.\d+)?)/.exec(text)!;
  const secondsOfDay = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  // A date without a zone is read as UTC, as the timestamper writes it.
  const epoch = text.includes('T') ? Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`) : NaN;
  return { text: ownedCopy(text), epochMs: Number.isNaN(epoch) ? null : epoch, secondsOfDay };
}

/**
 * Seconds from one stamp to a later one. Time-of-day stamps that go backwards crossed midnight
 * (a bake or a housekeeping run is far shorter than a day).
 */
export function secondsBetween(from: ConsoleTimestamp, to: ConsoleTimestamp): number {
  if (from.epochMs !== null && to.epochMs !== null) return Math.max(0, (to.epochMs - from.epochMs) / 1000);
  const delta = to.secondsOfDay - from.secondsOfDay;
  return delta >= 0 ? delta : delta + 86_400;
}
