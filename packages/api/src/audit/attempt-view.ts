import type { AttemptConsequence, AuditAttempt, AuditEvent } from '@fleet/db';

/** One line of the review: the attempt with what it set going, without the chain's bookkeeping. */
export function attemptView(attempt: AuditAttempt, consequence: AttemptConsequence | null) {
  return {
    correlationId: attempt.correlationId,
    startedAt: attempt.startedAt,
    lastAt: attempt.lastAt,
    source: attempt.source as 'portal' | 'cloudtrail',
    user: attempt.user,
    sourceAddress: attempt.sourceAddress,
    action: attempt.action,
    target: attempt.target,
    reason: attempt.reason,
    outcome: attempt.outcome,
    errorCode: attempt.errorCode,
    errorMessage: attempt.errorMessage,
    decidedBy: attempt.decidedBy,
    journalId: attempt.journalId,
    eventCount: attempt.eventCount,
    noise: attempt.noise,
    consequence,
  };
}

export type AttemptView = ReturnType<typeof attemptView>;

/** One recorded event, with its place in the chain. */
export function eventView(event: AuditEvent) {
  return {
    id: event.id,
    seq: event.seq === null ? null : String(event.seq),
    at: event.at,
    source: event.source,
    user: event.user,
    groups: event.groups,
    sourceAddress: event.sourceAddress,
    action: event.action,
    target: event.target,
    parameters: event.parameters,
    reason: event.reason,
    outcome: event.outcome,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    durationMs: event.durationMs,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
