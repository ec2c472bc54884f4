import type { AuditOutcome } from '@fleet/core';
import { type AuditAttempt, Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { InvalidCursorError } from '../audit-trail.ts';

export type AuditSource = 'portal' | 'cloudtrail';

/** What a reviewer narrows the trail to; every field is matched exactly but `search` (words of the reason). */
export interface AttemptFilter {
  user?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  source?: AuditSource;
  correlationId?: string;
  /** Attempts started at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  /** Words the reason must contain (each as a word prefix, in any order). */
  search?: string;
  /** Sign-ins and sign-outs (failed ones included) are left out unless asked for. */
  includeNoise?: boolean;
}

export interface AttemptQuery extends AttemptFilter {
  cursor?: string;
  limit: number;
}

export interface AttemptPage {
  items: AuditAttempt[];
  nextCursor: string | null;
}

/** `rolling ami` → `rolling:* & ami:*`: letters and digits only, so the text can never be tsquery syntax. */
export function reasonQuery(search: string): string | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return words.length === 0 ? null : words.map((word) => `${word.slice(0, 64)}:*`).join(' & ');
}

interface AttemptCursor {
  startedAt: Date;
  firstSeq: bigint;
}

function encodeCursor(cursor: AttemptCursor): string {
  return Buffer.from(`${cursor.startedAt.toISOString()}|${cursor.firstSeq}`, 'utf8').toString('base64url');
}

function decodeCursor(text: string): AttemptCursor | null {
  const [iso, seq, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!iso || !seq || rest.length > 0 || !/^\d{1,19}$/.test(seq)) return null;
  const startedAt = new Date(iso);
  return Number.isNaN(startedAt.getTime()) ? null : { startedAt, firstSeq: BigInt(seq) };
}

/** The WHERE clause of a filter; each condition has an index that serves it (see the audit_review migration). */
export function attemptConditions(filter: AttemptFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.user !== undefined) conditions.push(Prisma.sql`user_name = ${filter.user}`);
  if (filter.action !== undefined) conditions.push(Prisma.sql`action = ${filter.action}`);
  if (filter.target !== undefined) conditions.push(Prisma.sql`target = ${filter.target}`);
  if (filter.outcome !== undefined) conditions.push(Prisma.sql`outcome = ${filter.outcome}`);
  if (filter.source !== undefined) conditions.push(Prisma.sql`source = ${filter.source}`);
  if (filter.correlationId !== undefined) conditions.push(Prisma.sql`correlation_id = ${filter.correlationId}`);
  if (filter.from !== undefined) conditions.push(Prisma.sql`started_at >= ${filter.from}`);
  if (filter.to !== undefined) conditions.push(Prisma.sql`started_at < ${filter.to}`);
  const words = filter.search === undefined ? null : reasonQuery(filter.search);
  if (words !== null) conditions.push(Prisma.sql`to_tsvector('simple', coalesce(reason, '')) @@ to_tsquery('simple', ${words})`);
  if (!filter.includeNoise) conditions.push(Prisma.sql`NOT noise`);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, ' AND ');
}

const COLUMNS = Prisma.sql`correlation_id AS "correlationId", first_seq AS "firstSeq", last_seq AS "lastSeq", started_at AS "startedAt",
  last_at AS "lastAt", source, user_name AS "user", source_address AS "sourceAddress", action, target, reason, outcome,
  error_code AS "errorCode", error_message AS "errorMessage", decided_by AS "decidedBy", journal_id AS "journalId",
  event_count AS "eventCount", noise`;

/**
 * One line per attempt, newest first, a page at a time. The cursor is the last line's (start, first
 * event) pair, compared as a row so the database seeks straight to it in its index: page 10,000
 * costs what page 1 costs.
 */
export async function listAuditAttempts(prisma: PrismaClient, query: AttemptQuery): Promise<AttemptPage> {
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) throw new InvalidCursorError();
  const after = cursor ? Prisma.sql`AND (started_at, first_seq) < (${cursor.startedAt}, ${cursor.firstSeq})` : Prisma.empty;
  const rows = await prisma.$queryRaw<AuditAttempt[]>`
    SELECT ${COLUMNS} FROM audit_attempt
     WHERE ${attemptConditions(query)} ${after}
     ORDER BY started_at DESC, first_seq DESC
     LIMIT ${query.limit + 1}`;
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ startedAt: last.startedAt, firstSeq: last.firstSeq }) : null };
}

export interface HiddenNoise {
  /** Sign-ins and sign-outs the filter leaves out, counted up to the cap. */
  count: number;
  capped: boolean;
  /** How many of them were refused, and the names tried most. */
  failed: number;
  topTargets: { target: string | null; count: number }[];
}

/**
 * What the default view folds away (sign-ins and sign-outs), counted up to `cap`, with the refused
 * ones and the names they tried most: "43 sign-ins hidden, 30 failed (mallory × 27, …)" without
 * counting a flood.
 */
export async function hiddenNoise(prisma: PrismaClient, filter: AttemptFilter, cap = 10_000): Promise<HiddenNoise> {
  const noise = attemptConditions({ ...filter, includeNoise: true });
  const rows = await prisma.$queryRaw<{ target: string | null; failed: boolean; n: number }[]>`
    SELECT target, outcome <> 'succeeded' AS failed, count(*)::int AS n FROM (
      SELECT target, outcome FROM audit_attempt WHERE noise AND ${noise} ORDER BY started_at DESC LIMIT ${cap + 1}
    ) AS recent GROUP BY target, outcome <> 'succeeded' ORDER BY n DESC, target`;
  const count = rows.reduce((sum, row) => sum + row.n, 0);
  const failedRows = rows.filter((row) => row.failed);
  return {
    count: Math.min(count, cap),
    capped: count > cap,
    failed: failedRows.reduce((sum, row) => sum + row.n, 0),
    topTargets: failedRows.slice(0, 3).map((row) => ({ target: row.target, count: row.n })),
  };
}

export async function findAuditAttempt(prisma: PrismaClient, correlationId: string): Promise<AuditAttempt | null> {
  return prisma.auditAttempt.findUnique({ where: { correlationId } });
}

/** Every event of one attempt, in the order recorded. */
export async function eventsOfAttempt(prisma: PrismaClient, correlationId: string, limit = 500) {
  return prisma.auditEvent.findMany({ where: { correlationId }, orderBy: { seq: 'asc' }, take: limit });
}
