import { z } from 'zod';

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * factor;
}

/**
 * A duration written as a number and a unit in the config file, read as milliseconds. A bare YAML
 * number is read as text, so `300` is told it lacks a unit rather than that it is not a string.
 */
export const durationSchema = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration such as 30s, 5m or 1h')
    .transform(parseDuration),
);

/**
 * A duration as a person reads it: "45 s", "1 min 30 s", "12 min", "3 h 5 min", "2 d 4 h". With
 * `subSecond`, spans under a minute keep their fraction ("12 ms", "1.5 s"): how long a refusal or
 * an API call took, where milliseconds matter.
 */
export function formatDuration(ms: number, options: { subSecond?: boolean } = {}): string {
  if (options.subSecond && ms >= 0 && ms < 1_000) return `${Math.round(ms)} ms`;
  if (options.subSecond && ms >= 0 && ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  // Seconds matter for short spans ("1 min 30 s" stale limit), not for long ones.
  if (minutes < 10 && seconds % 60 !== 0) return `${minutes} min ${seconds % 60} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * How long the next run of something will take: the median of the last finished runs, so one slow
 * or quick run does not sway it; null without any.
 */
export function estimateDuration(durationsMs: readonly number[]): number | null {
  const sorted = durationsMs.filter((d) => Number.isFinite(d) && d > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
