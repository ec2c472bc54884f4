import { randomUUID } from 'node:crypto';
import { type AuditOutcome, auditParameters } from '@fleet/core';
import { appendAuditEvent, type NewAuditEvent } from '@fleet/db';
import { TRPCError } from '@trpc/server';
import type { ApiContext, Viewer } from '../context.ts';

/** One attempt as the audit trail records it; every event of one action shares its correlation id. */
export interface Attempt {
  action: string;
  target: string | null;
  /** Raw or parsed request parameters; redacted on the way into the audit trail. */
  parameters: unknown;
  reason: string | null;
  correlationId: string;
  journalId: string | null;
  /** performance.now() when the request arrived, for durationMs. */
  startedAt: number;
}

export function startAttempt(action: string, fields: Partial<Omit<Attempt, 'action' | 'startedAt'>> = {}): Attempt {
  return {
    action,
    target: fields.target ?? null,
    parameters: fields.parameters,
    reason: fields.reason ?? null,
    correlationId: fields.correlationId ?? randomUUID(),
    journalId: fields.journalId ?? null,
    startedAt: performance.now(),
  };
}

/** A field of a request body not validated yet, for the audit trail of a refusal. */
export function rawText(raw: unknown, key: string): string | null {
  const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}

export function actorOf(viewer: Viewer): { user: string | null; groups: string[] } {
  return viewer.kind === 'user' ? { user: viewer.name, groups: viewer.groups } : { user: null, groups: [] };
}

export type AuditingContext = Pick<ApiContext, 'prisma' | 'now' | 'viewer' | 'request'>;

/** The row the audit trail gets for this attempt, as it stands now. */
export function auditEventOf(ctx: AuditingContext, attempt: Attempt, outcome: AuditOutcome, error: { code: string; message: string } | null = null): NewAuditEvent {
  return {
    at: ctx.now(),
    ...actorOf(ctx.viewer),
    sourceAddress: ctx.request.sourceAddress,
    action: attempt.action,
    target: attempt.target,
    parameters: auditParameters(attempt.parameters),
    reason: attempt.reason,
    outcome,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    correlationId: attempt.correlationId,
    journalId: attempt.journalId,
    durationMs: performance.now() - attempt.startedAt,
  };
}

/**
 * What the caller is told when the journal or the audit trail could not be written: never the
 * database's words, only a reference to the server log, where the cause is written under the
 * attempt's correlation id.
 */
export function recordingFailed(attempt: Attempt, cause: unknown, consequence: 'nothing was done' | null): TRPCError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  console.error(`[${attempt.correlationId}] ${attempt.action} on ${attempt.target ?? '(no target)'}: could not write the journal or the audit trail: ${detail}`);
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `the portal could not record this attempt${consequence ? `, so ${consequence}` : ''} (reference ${attempt.correlationId}); the server log has the details`,
  });
}

/** Appends the attempt's event; a failed write is answered with `recordingFailed`, never the database's text. */
export async function recordAudit(
  ctx: AuditingContext,
  attempt: Attempt,
  outcome: AuditOutcome,
  error: { code: string; message: string } | null = null,
): Promise<void> {
  try {
    await appendAuditEvent(ctx.prisma, auditEventOf(ctx, attempt, outcome, error));
  } catch (cause) {
    // Refusals and allowed attempts are recorded before anything happens; outcomes after it.
    throw recordingFailed(attempt, cause, outcome === 'succeeded' || outcome === 'failed' ? null : 'nothing was done');
  }
}
