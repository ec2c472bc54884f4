import { formatDuration } from '../duration.ts';
import type { HealthContext, HealthReason, HealthReasonCode, NodeSignal, NodeSources } from './types.ts';

/** What one signal said about a node. */
export interface SignalReading {
  reasons: HealthReason[];
  /** The signal gave a fresh reading of its own, good or bad, rather than nothing. */
  definite: boolean;
  /** What the node has not shown yet because it is still booting ("the Jenkins agent"). */
  awaited?: string;
}

export const NO_READING: SignalReading = { reasons: [], definite: false };

export interface SignalOrigin {
  signal: NodeSignal;
  /** The source whose state applies; null for Auto Scaling, which is always read. */
  source: keyof NodeSources | null;
  name: string;
  /** What is missing without it. */
  covers: string;
}

export const ORIGINS = {
  asg: { signal: 'asg', source: null, name: 'Auto Scaling', covers: 'lifecycle or health status' },
  ec2Status: { signal: 'ec2Status', source: 'ec2Status', name: 'EC2 status', covers: 'status checks or scheduled events' },
  agent: { signal: 'agent', source: 'jenkins', name: 'Jenkins', covers: 'agent state' },
  exporter: { signal: 'exporter', source: 'prometheus', name: 'Prometheus', covers: 'disk, memory or load data' },
} as const satisfies Record<string, SignalOrigin>;

export function ageOf(at: Date, context: HealthContext): number {
  return context.now.getTime() - at.getTime();
}

/** At most `staleAfter` old: the same boundary as a source's freshness, where exactly three intervals is still fresh. */
export function isFresh(observation: { observedAt: Date } | null | undefined, context: HealthContext, limit = context.thresholds.staleAfter): boolean {
  return !!observation && ageOf(observation.observedAt, context) <= limit;
}

/** How old a signal may be: Auto Scaling's is read by the slower group sync. */
export function staleLimit(origin: SignalOrigin, context: HealthContext): number {
  return origin.signal === 'asg' ? context.thresholds.asgStaleAfter : context.thresholds.staleAfter;
}

export function withSince(reason: HealthReason, since: Date | null | undefined): HealthReason {
  return since ? { ...reason, since } : reason;
}

function unknownReading(origin: SignalOrigin, code: HealthReasonCode, message: string, since?: Date): SignalReading {
  return { reasons: [withSince({ code, severity: 'unknown', signal: origin.signal, message }, since)], definite: false };
}

/**
 * Reads one signal of a node unless there is nothing fresh to read: a source that is not configured,
 * one that failed before it ever answered, or data older than `staleAfter` counts as unknown, never
 * as healthy. `absent` decides what it means that a working source knows nothing of the node.
 */
export function readSignal<T extends { observedAt: Date }>(
  origin: SignalOrigin,
  observation: T | null | undefined,
  context: HealthContext,
  read: (observation: T) => SignalReading,
  absent: () => SignalReading,
): SignalReading {
  const state = origin.source ? context.sources[origin.source] : 'ok';
  if (state === 'not-configured') return unknownReading(origin, 'source-missing', `${origin.name} is not configured: no ${origin.covers}`);
  if (!observation) {
    if (state === 'failing') return unknownReading(origin, 'source-missing', `${origin.name} could not be read: no ${origin.covers}`);
    return absent();
  }
  const limit = staleLimit(origin, context);
  if (!isFresh(observation, context, limit)) {
    const age = formatDuration(ageOf(observation.observedAt, context));
    const failing = state === 'failing' ? '; its latest read failed' : '';
    return unknownReading(
      origin,
      'signal-stale',
      `${origin.name} data is ${age} old (stale after ${formatDuration(limit)})${failing}`,
      observation.observedAt,
    );
  }
  return read(observation);
}

export function missingReading(origin: SignalOrigin, message: string): SignalReading {
  return unknownReading(origin, 'signal-missing', message);
}
