import { type ActionState, type FinalActionState, type JsonValue } from '@fleet/core';
import type { ActionJournal, Prisma, PrismaClient } from './generated/prisma/client.ts';
import { isUniqueViolation, jsonInput } from './json-input.ts';
import type { DbClient } from './sync-sources.ts';
import { appendAuditEvent, InvalidCursorError, type NewAuditEvent } from './audit-trail.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';

export type JournalEntry = ActionJournal;

export interface NewJournalEntry {
  id: string;
  action: string;
  targetKind: string;
  target: string;
  parameters: JsonValue;
  requestedBy: string;
  reason: string;
  idempotencyKey: string;
  state: 'pending-approval' | 'queued';
  createdAt: Date;
  correlationId: string;
  previewFingerprint: string;
  previewSummary: string;
  /** The process that opens a queued row holds it until it runs it; none while it waits for approval. */
  lease?: ActionLease;
}

/** Who executes or reconciles an unfinished row, and until when it is taken to be alive without renewing. */
export interface ActionLease {
  owner: string;
  until: Date;
}

export type OpenedEntry =
  | { kind: 'opened'; entry: JournalEntry }
  /** The idempotency key was used before: this is the first request's row, nothing new was written. */
  | { kind: 'replay'; entry: JournalEntry }
  /** Another unfinished action holds the target. */
  | { kind: 'busy'; holder: JournalEntry };

/** The lock's key: names are unique per kind of target only (an ASG and a job may share one). */
export function targetLockKey(targetKind: string, target: string): string {
  return `${targetKind}:${target}`;
}

/**
 * Writes the journal row and takes its target's lock in one transaction, before any side effect.
 * The lock's primary key and the idempotency key's unique index decide races between processes:
 * of two requests for one target exactly one commits, the other finds the holder. `audit`, when
 * given, is written in the same transaction: a request the audit trail cannot record never opens.
 */
export async function openJournalEntry(prisma: PrismaClient, entry: NewJournalEntry, audit?: NewAuditEvent): Promise<OpenedEntry> {
  const lock = targetLockKey(entry.targetKind, entry.target);
  // A conflict seen, then gone by the time we look (the holder just finished), is worth one more try.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const earlier = await prisma.actionJournal.findUnique({ where: { idempotencyKey: entry.idempotencyKey } });
    if (earlier) return { kind: 'replay', entry: earlier };
    try {
      const created = await prisma.$transaction(async (tx) => {
        const { lease, ...fields } = entry;
        const row = await tx.actionJournal.create({
          data: { ...fields, parameters: jsonInput(entry.parameters), updatedAt: entry.createdAt, leaseOwner: lease?.owner ?? null, leaseUntil: lease?.until ?? null },
        });
        await tx.targetLock.create({ data: { target: lock, journalId: row.id, lockedAt: entry.createdAt } });
        if (audit) await appendAuditEvent(tx, audit);
        return row;
      });
      return { kind: 'opened', entry: created };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const replay = await prisma.actionJournal.findUnique({ where: { idempotencyKey: entry.idempotencyKey } });
    if (replay) return { kind: 'replay', entry: replay };
    const holder = await prisma.targetLock.findUnique({ where: { target: lock }, include: { journal: true } });
    if (holder) return { kind: 'busy', holder: holder.journal };
  }
  throw new Error(`could not take the lock on ${lock} after 3 attempts: actions on it start and finish very fast; try again`);
}

/** The unfinished action that holds the target, if any. */
export async function findTargetHolder(db: DbClient, targetKind: string, target: string): Promise<JournalEntry | null> {
  const lock = await db.targetLock.findUnique({ where: { target: targetLockKey(targetKind, target) }, include: { journal: true } });
  return lock?.journal ?? null;
}

export async function findJournalEntry(db: DbClient, id: string): Promise<JournalEntry | null> {
  return db.actionJournal.findUnique({ where: { id } });
}

export async function findJournalEntryByKey(db: DbClient, idempotencyKey: string): Promise<JournalEntry | null> {
  return db.actionJournal.findUnique({ where: { idempotencyKey } });
}

/**
 * Moves a row from one unfinished state to another, only if it is still in `from`: of two
 * processes making the same move (two approvers, two reconcilers), exactly one gets true.
 */
export async function moveJournalEntry(
  db: DbClient,
  id: string,
  from: readonly ActionState[],
  to: 'queued' | 'running' | 'reconciling',
  at: Date,
  extra: { approvedBy?: string; errorCode?: string; errorMessage?: string; lease?: ActionLease } = {},
): Promise<JournalEntry | null> {
  const { count } = await db.actionJournal.updateMany({
    where: { id, state: { in: [...from] } },
    data: {
      state: to,
      updatedAt: at,
      ...(extra.lease ? { leaseOwner: extra.lease.owner, leaseUntil: extra.lease.until } : {}),
      ...(to === 'running' ? { startedAt: at } : {}),
      ...(extra.approvedBy ? { approvedBy: extra.approvedBy, approvedAt: at } : {}),
      ...(extra.errorCode ? { errorCode: extra.errorCode, errorMessage: extra.errorMessage ?? null } : {}),
    },
  });
  return count === 1 ? db.actionJournal.findUnique({ where: { id } }) : null;
}

export interface JournalOutcome {
  state: FinalActionState;
  at: Date;
  result?: JsonValue;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/**
 * Finishes a row still in one of `from` and frees its target, in one transaction, with `audit`
 * when given. Null when someone else finished it.
 */
export async function finishJournalEntry(
  prisma: PrismaClient,
  id: string,
  from: readonly ActionState[],
  outcome: JournalOutcome,
  audit?: NewAuditEvent,
): Promise<JournalEntry | null> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.actionJournal.updateMany({
      where: { id, state: { in: [...from] } },
      data: {
        state: outcome.state,
        finishedAt: outcome.at,
        updatedAt: outcome.at,
        ...(outcome.result === undefined ? {} : { result: jsonInput(outcome.result) }),
        errorCode: outcome.errorCode ?? null,
        errorMessage: outcome.errorMessage ?? null,
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    if (count !== 1) return null;
    await tx.targetLock.deleteMany({ where: { journalId: id } });
    if (audit) await appendAuditEvent(tx, audit);
    return tx.actionJournal.findUnique({ where: { id } });
  });
}

/**
 * A second person's approval: the waiting request moves to queued, held by the approving process's
 * lease, and the approval is audited in one transaction, so a request is never queued by an
 * approval the audit trail does not hold.
 */
export async function approveJournalEntry(prisma: PrismaClient, id: string, at: Date, approval: { approvedBy: string; lease: ActionLease }, audit: NewAuditEvent): Promise<JournalEntry | null> {
  return prisma.$transaction(async (tx) => {
    const queued = await moveJournalEntry(tx, id, ['pending-approval'], 'queued', at, approval);
    if (queued) await appendAuditEvent(tx, audit);
    return queued;
  });
}

/** When `action` last succeeded on `target`, for cool-downs. */
export async function lastSucceededAt(db: DbClient, action: string, target: string): Promise<Date | null> {
  const row = await db.actionJournal.findFirst({
    where: { action, target, state: 'succeeded' },
    orderBy: { finishedAt: 'desc' },
    select: { finishedAt: true },
  });
  return row?.finishedAt ?? null;
}

export interface JournalQuery {
  action?: string;
  target?: string;
  state?: ActionState;
  cursor?: string;
  limit: number;
}

/** Who approved each of these actions and when, by journal id; actions nobody approved are absent. */
export async function approvalsOf(db: DbClient, journalIds: readonly string[]): Promise<Map<string, { approvedBy: string; approvedAt: Date | null }>> {
  if (journalIds.length === 0) return new Map();
  const rows = await db.actionJournal.findMany({ where: { id: { in: [...journalIds] }, approvedBy: { not: null } }, select: { id: true, approvedBy: true, approvedAt: true } });
  return new Map(rows.map((r) => [r.id, { approvedBy: r.approvedBy!, approvedAt: r.approvedAt }]));
}

/** Requests waiting for a second person, oldest first: the ones waiting longest come first. */
export async function listPendingApprovals(db: DbClient, limit: number): Promise<JournalEntry[]> {
  return db.actionJournal.findMany({ where: { state: 'pending-approval' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit });
}

/** Newest first, cursor-paged. */
export async function listJournalEntries(db: DbClient, query: JournalQuery): Promise<{ items: JournalEntry[]; nextCursor: string | null }> {
  const cursor = query.cursor === undefined ? null : decodeTimeCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) throw new InvalidCursorError();
  const where: Prisma.ActionJournalWhereInput = {
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.target === undefined ? {} : { target: query.target }),
    ...(query.state === undefined ? {} : { state: query.state }),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await db.actionJournal.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeTimeCursor({ at: last.createdAt, id: last.id }) : null };
}
