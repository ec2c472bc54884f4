/**
 * How the tools in a build's log write spans of time, each its own way: Jenkins's
 * `hudson.Util.getTimeSpanString` (queue `why`, ETAs) and packer's `durafmt.Parse(d).LimitFirstN(2)`
 * (hashicorp/packer command/build.go: "Build '…' finished after 14 minutes 3 seconds.").
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Jenkins core's Util.getTimeSpanString with the English Messages: "4.9 sec", "3 min 12 sec", "12 min", "1 day 2 hr". */
export function jenkinsTimeSpan(durationMs: number): string {
  let rest = Math.max(0, Math.floor(durationMs));
  const days = Math.floor(rest / DAY);
  rest %= DAY;
  const hours = Math.floor(rest / HOUR);
  rest %= HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest %= MINUTE;
  const seconds = Math.floor(rest / SECOND);
  const millis = rest % SECOND;
  const day = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  if (days > 0) return pair(days, day(days), `${hours} hr`);
  if (hours > 0) return pair(hours, `${hours} hr`, `${minutes} min`);
  if (minutes > 0) return pair(minutes, `${minutes} min`, `${seconds} sec`);
  if (seconds >= 10) return `${seconds} sec`;
  if (seconds >= 1) return `${javaNumber(seconds + Math.floor(millis / 100) / 10)} sec`;
  if (millis >= 100) return `${javaNumber(Math.floor(millis / 10) / 100)} sec`;
  return `${millis} ms`;
}

/** The smaller unit only follows a big unit under ten, as makeTimeSpanString does. */
function pair(big: number, bigLabel: string, smallLabel: string): string {
  return big < 10 ? `${bigLabel} ${smallLabel}` : bigLabel;
}

/** MessageFormat's default number format: at most three decimals, no trailing zeros. */
function javaNumber(value: number): string {
  return String(Number(value.toFixed(3)));
}

const DURAFMT_UNITS: [string, number][] = [
  ['years', 365 * DAY],
  ['weeks', 7 * DAY],
  ['days', DAY],
  ['hours', HOUR],
  ['minutes', MINUTE],
  ['seconds', SECOND],
  ['milliseconds', 1],
];

/** durafmt's first two non-zero units, singular for one: "14 minutes 3 seconds", "1 minute 512 milliseconds". */
export function packerDuration(durationMs: number): string {
  let rest = Math.max(0, Math.round(durationMs));
  const parts: string[] = [];
  for (const [unit, size] of DURAFMT_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${count === 1 ? unit.replace(/s$/, '') : unit}`);
  }
  return parts.slice(0, 2).join(' ') || '0 seconds';
}
