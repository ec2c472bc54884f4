import type { RefreshRecord } from './types';

export interface CurvePoint {
  /** Milliseconds since the refresh started. */
  elapsedMs: number;
  percentage: number;
  at: Date;
  /** A sample the sync recorded while the refresh ran, rather than its known start or end. */
  sampled: boolean;
  status: string;
}

export interface ProgressCurve {
  points: CurvePoint[];
  /** Samples recorded between the start and the end; 0 when the portal did not see it run. */
  sampledCount: number;
  spanMs: number;
}

/**
 * The refresh's percentage over time: 0 % at its start, the samples the sync recorded while it
 * ran, and its final percentage at its end. Samples taken after the end (the portal first saw the
 * refresh once it was over) add nothing the end does not say. The sync records a sample only when
 * the progress changes, so a refresh still running stood at its last percentage until `syncedAt`.
 */
export function progressCurve(refresh: RefreshRecord, nowMs: number, syncedAt?: Date): ProgressCurve {
  if (!refresh.startTime) return { points: [], sampledCount: 0, spanMs: 0 };
  const start = refresh.startTime.getTime();
  const end = refresh.endTime?.getTime() ?? null;
  const point = (at: Date, percentage: number, sampled: boolean, status: string): CurvePoint => ({
    elapsedMs: at.getTime() - start,
    percentage,
    at,
    sampled,
    status,
  });
  const samples = refresh.samples
    .filter((s) => s.percentageComplete !== null && s.at.getTime() >= start && (end === null || s.at.getTime() <= end))
    .map((s) => point(s.at, s.percentageComplete ?? 0, true, s.status));
  const points = [point(refresh.startTime, 0, false, 'started'), ...samples];
  const final = refresh.percentageComplete ?? samples.at(-1)?.percentage ?? 0;
  if (refresh.endTime) points.push(point(refresh.endTime, final, false, refresh.status));
  else if (syncedAt && syncedAt.getTime() > (points.at(-1)?.at.getTime() ?? start)) points.push(point(syncedAt, final, false, refresh.status));
  return { points, sampledCount: samples.length, spanMs: Math.max((end ?? nowMs) - start, points.at(-1)?.elapsedMs ?? 0) };
}

export interface TimeUnit {
  name: 'seconds' | 'minutes' | 'hours';
  ms: number;
}

/** The unit an axis of this span reads best in: a five-minute refresh in minutes, a day-long one in hours. */
export function timeUnitFor(spanMs: number): TimeUnit {
  if (spanMs < 3 * 60_000) return { name: 'seconds', ms: 1000 };
  if (spanMs < 3 * 3_600_000) return { name: 'minutes', ms: 60_000 };
  return { name: 'hours', ms: 3_600_000 };
}
