import { randomUUID } from 'node:crypto';
import { type AuditOutcome, auditParameters } from '@fleet/core';
import { appendAuditEvent } from '@fleet/db';
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

export async function recordAudit(
  ctx: AuditingContext,
  attempt: Attempt,
  outcome: AuditOutcome,
  error: { code: string; message: string } | null = null,
): Promise<void> {
  await appendAuditEvent(ctx.prisma, {
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
  });
}
