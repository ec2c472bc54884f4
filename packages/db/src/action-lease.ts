import type { Prisma } from './generated/prisma/client.ts';
import type { ActionLease, JournalEntry } from './action-journal.ts';
import type { DbClient } from './sync-sources.ts';

/**
 * How long an unfinished row's process is taken to be alive without renewing its lease. The
 * executing process renews it every quarter of this while it works, so a killed process's row is
 * reconciled, and its target freed, seconds after it died rather than minutes.
 */
export const ACTION_LEASE_MS = 10_000;

export function leaseFor(owner: string, now: Date, ms = ACTION_LEASE_MS): ActionLease {
  return { owner, until: new Date(now.getTime() + ms) };
}

const UNFINISHED = ['queued', 'running', 'reconciling'];

/** Rows with no live process: their lease ran out, or (rows written before leases) they have not moved for a lease's length. */
function abandonedBy(now: Date): Prisma.ActionJournalWhereInput {
  return {
    state: { in: UNFINISHED },
    OR: [{ leaseUntil: { lt: now } }, { leaseUntil: null, updatedAt: { lt: new Date(now.getTime() - ACTION_LEASE_MS) } }],
  };
}

/** Unfinished rows (pending approval excepted) whose process is gone: candidates for reconciliation, oldest first. */
export async function listAbandonedActions(db: DbClient, now: Date, only?: readonly string[]): Promise<JournalEntry[]> {
  return db.actionJournal.findMany({
    where: { ...abandonedBy(now), ...(only ? { id: { in: [...only] } } : {}) },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * Whether no process is working on this unfinished row: its lease ran out, or it was let go of
 * undecided (a reconciler looks again later, but a request waiting on its target may now), or
 * (rows from before leases) it has not moved for a lease's length.
 */
export function isAbandoned(row: JournalEntry, now: Date): boolean {
  if (!UNFINISHED.includes(row.state)) return false;
  if (row.leaseOwner === null && row.leaseUntil !== null) return true;
  return row.leaseUntil ? row.leaseUntil < now : row.updatedAt.getTime() < now.getTime() - ACTION_LEASE_MS;
}

/**
 * Claims an abandoned row for one reconciler, which then holds its lease: succeeds only if the row
 * is as it was read, so replicas starting together never reconcile the same row twice.
 */
export async function claimForReconciliation(db: DbClient, row: JournalEntry, lease: ActionLease, at: Date): Promise<JournalEntry | null> {
  const { count } = await db.actionJournal.updateMany({
    where: { id: row.id, state: row.state, updatedAt: row.updatedAt, leaseOwner: row.leaseOwner, leaseUntil: row.leaseUntil },
    data: { state: 'reconciling', updatedAt: at, leaseOwner: lease.owner, leaseUntil: lease.until },
  });
  return count === 1 ? db.actionJournal.findUnique({ where: { id: row.id } }) : null;
}

/** Extends the lease its owner still holds on an unfinished row; false when it was lost. */
export async function renewActionLease(db: DbClient, id: string, lease: ActionLease): Promise<boolean> {
  const { count } = await db.actionJournal.updateMany({
    where: { id, leaseOwner: lease.owner, state: { in: UNFINISHED } },
    data: { leaseUntil: lease.until },
  });
  return count === 1;
}

/**
 * Lets go of a row its owner could not settle (the source cannot tell yet): no process holds it
 * now, and reconcilers leave it alone until `recheckAt`.
 */
export async function postponeReconciliation(db: DbClient, id: string, owner: string, recheckAt: Date): Promise<void> {
  await db.actionJournal.updateMany({ where: { id, leaseOwner: owner, state: 'reconciling' }, data: { leaseOwner: null, leaseUntil: recheckAt } });
}
