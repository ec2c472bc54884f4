import { randomUUID } from 'node:crypto';
import { type AuditOutcome, auditParameters, boundedOptionalText, boundedText, type JsonValue } from '@fleet/core';
import type { AuditEvent, Prisma } from './generated/prisma/client.ts';
import { jsonInput } from './json-input.ts';
import type { DbClient } from './sync-sources.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';

export interface NewAuditEvent {
  at: Date;
  user: string | null;
  groups: readonly string[];
  sourceAddress: string | null;
  action: string;
  target: string | null;
  /** Already redacted (see `auditParameters` in @fleet/core). */
  parameters: JsonValue;
  reason: string | null;
  outcome: AuditOutcome;
  errorCode?: string | null;
  errorMessage?: string | null;
  correlationId: string;
  journalId?: string | null;
  durationMs?: number | null;
  /** `cloudtrail` for a change AWS recorded that was made outside the portal; the portal's own by default. */
  source?: 'portal' | 'cloudtrail';
}

/**
 * How long each stored text may be. The audit row is written for refusals too, with whatever the
 * caller sent, so every field is bounded and cleaned here, where nothing else can forget it.
 */
export const AUDIT_TEXT_LIMITS = {
  user: 200,
  group: 200,
  groups: 50,
  sourceAddress: 64,
  action: 200,
  target: 255,
  reason: 2_000,
  errorCode: 100,
  errorMessage: 2_000,
  id: 64,
} as const;

/** The event as it will be stored: every string bounded and free of characters PostgreSQL refuses. */
export function storableAuditEvent(event: NewAuditEvent): NewAuditEvent {
  const L = AUDIT_TEXT_LIMITS;
  return {
    ...event,
    user: boundedOptionalText(event.user, L.user),
    groups: event.groups.slice(0, L.groups).map((group) => boundedText(group, L.group)),
    sourceAddress: boundedOptionalText(event.sourceAddress, L.sourceAddress),
    action: boundedText(event.action, L.action),
    target: boundedOptionalText(event.target, L.target),
    // Redacted already; cleaned again, since a caller may hand over any JSON.
    parameters: auditParameters(event.parameters),
    reason: boundedOptionalText(event.reason, L.reason),
    errorCode: boundedOptionalText(event.errorCode, L.errorCode),
    errorMessage: boundedOptionalText(event.errorMessage, L.errorMessage),
    correlationId: boundedText(event.correlationId, L.id),
    journalId: boundedOptionalText(event.journalId, L.id),
  };
}

/** Appends one event; the table refuses every change after that (a trigger, see the migration). */
export async function appendAuditEvent(db: DbClient, raw: NewAuditEvent): Promise<AuditEvent> {
  const event = storableAuditEvent(raw);
  return db.auditEvent.create({
    data: {
      id: randomUUID(),
      at: event.at,
      user: event.user,
      groups: [...event.groups],
      sourceAddress: event.sourceAddress,
      action: event.action,
      target: event.target,
      parameters: jsonInput(event.parameters),
      reason: event.reason,
      outcome: event.outcome,
      errorCode: event.errorCode ?? null,
      errorMessage: event.errorMessage ?? null,
      correlationId: event.correlationId,
      journalId: event.journalId ?? null,
      durationMs: event.durationMs === undefined || event.durationMs === null ? null : Math.max(0, Math.round(event.durationMs)),
      source: event.source ?? 'portal',
    },
  });
}

/** Which of these correlation ids the trail already holds: a sync that reads the same CloudTrail event twice records it once. */
export async function knownCorrelationIds(db: DbClient, correlationIds: readonly string[]): Promise<Set<string>> {
  if (correlationIds.length === 0) return new Set();
  const rows = await db.auditAttempt.findMany({ where: { correlationId: { in: [...correlationIds] } }, select: { correlationId: true } });
  return new Set(rows.map((row) => row.correlationId));
}

export interface AuditQuery {
  action?: string;
  target?: string;
  user?: string;
  outcome?: AuditOutcome;
  correlationId?: string;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  items: AuditEvent[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid-cursor';
  constructor() {
    super('the page cursor is not one this portal gave out; start again from the first page');
    this.name = 'InvalidCursorError';
  }
}

/** Newest first, paged by a cursor so new events arriving meanwhile never shift a page. */
export async function listAuditEvents(db: DbClient, query: AuditQuery): Promise<AuditPage> {
  const cursor = query.cursor === undefined ? null : decodeTimeCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) throw new InvalidCursorError();
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.target === undefined ? {} : { target: query.target }),
    ...(query.user === undefined ? {} : { user: query.user }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
    ...(query.correlationId === undefined ? {} : { correlationId: query.correlationId }),
    ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeTimeCursor({ at: last.at, id: last.id }) : null };
}

/**
 * When `user`'s most recent refused sign-ins happened (newest first, at most `limit`), counting
 * only those since `windowStart` and after the last success in that window.
 */
export async function recentSignInFailures(db: DbClient, input: { action: string; user: string; windowStart: Date; limit: number }): Promise<Date[]> {
  const base = { action: input.action, target: input.user };
  const lastSuccess = await db.auditEvent.findFirst({
    where: { ...base, outcome: 'succeeded', at: { gte: input.windowStart } },
    orderBy: { at: 'desc' },
    select: { at: true },
  });
  const failures = await db.auditEvent.findMany({
    where: { ...base, outcome: 'denied', errorCode: 'not-signed-in', at: lastSuccess ? { gt: lastSuccess.at } : { gte: input.windowStart } },
    orderBy: { at: 'desc' },
    take: input.limit,
    select: { at: true },
  });
  return failures.map((f) => f.at);
}
