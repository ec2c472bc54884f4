import { randomUUID } from 'node:crypto';
import { approvalExpiresAt, formatZoned } from '@fleet/core';
import { claimForReconciliation, findTargetHolder, finishJournalEntry, isAbandoned, type JournalEntry, listAbandonedActions } from '@fleet/db';
import type { ApiContext, UserViewer } from '../context.ts';
import { recordAudit, startAttempt } from './audit.ts';
import { completed, settleUnknown } from './execution.ts';
import { KeptLease } from './kept-lease.ts';
import { actionContext } from './preconditions.ts';

/** Who the audit trail names for what the portal decides on its own after a restart. */
export const RECONCILER = 'fleet-portal:reconciler';

// The reconciler decides on no one's behalf and with no role: it only records what the source says.
const reconciler: UserViewer = { kind: 'user', name: RECONCILER, groups: [], role: null, via: 'session', sessionId: null };

export interface ReconcileOptions {
  /**
   * Only these rows, as read by the caller, and only if nothing touched them since. By default
   * every unfinished row whose process let its lease run out (see `ACTION_LEASE_MS`).
   */
  rows?: readonly JournalEntry[];
}

export interface ReconciledAction {
  journalId: string;
  action: string;
  target: string;
  /** The state the row was found in, and the state it was left in. */
  from: string;
  to: string;
}

type ReconcilingContext = Pick<ApiContext, 'prisma' | 'config' | 'now' | 'actions'>;

/**
 * Settles actions whose process died, without ever running one again: a row still `queued` never
 * reached its side effect and fails; a `running` or `reconciling` row is decided by its action's
 * `reconcile()` against the source, and stays `reconciling` (holding its target) while the source
 * cannot tell. Replicas may run this together: each row is claimed by one, which holds its lease.
 */
export async function reconcileUnfinishedActions(ctx: ReconcilingContext, options: ReconcileOptions = {}): Promise<ReconciledAction[]> {
  const rows = options.rows ?? (await listAbandonedActions(ctx.prisma, ctx.now()));
  const auditCtx = { ...ctx, viewer: reconciler, request: { sourceAddress: null, secure: false } };
  const done: ReconciledAction[] = [];
  for (const row of rows) {
    const lease = new KeptLease(ctx.prisma, row.id, randomUUID(), ctx.now);
    const claimed = await claimForReconciliation(ctx.prisma, row, lease.current(), ctx.now());
    if (!claimed) continue;
    const attempt = startAttempt(row.action, { target: row.target, parameters: row.parameters, reason: `reconciling after its process stopped (found ${row.state})`, correlationId: row.correlationId, journalId: row.id });
    const actionCtx = actionContext(ctx, row.requestedBy, row.correlationId);
    const definition = ctx.actions.get(row.action);
    const to = await lease.during(async () => {
      if (row.state === 'queued') {
        const message = 'the portal stopped before starting it, so nothing was done; request it again if it is still needed';
        const failed = await finishJournalEntry(ctx.prisma, row.id, ['reconciling'], { state: 'failed', at: ctx.now(), errorCode: 'not-started', errorMessage: message });
        await recordAudit(auditCtx, attempt, 'failed', { code: 'not-started', message });
        if (failed && definition) await completed(definition, actionCtx, failed);
        return failed?.state ?? 'reconciling';
      }
      if (!definition) {
        await recordAudit(auditCtx, attempt, 'failed', { code: 'unknown-action', message: `this portal does not know ${row.action}; the row stays reconciling until someone checks ${row.target}` });
        return 'reconciling';
      }
      // A row found reconciling was found undecided before, by its executor or an earlier pass.
      return (await settleUnknown(auditCtx, definition, actionCtx, claimed, attempt, { owner: lease.owner, askedBefore: row.state === 'reconciling' })).state;
    });
    done.push({ journalId: row.id, action: row.action, target: row.target, from: row.state, to });
  }
  return done;
}

/** Closes a four-eyes request nobody decided on before it expired, which frees its target. */
async function closeExpiredRequest(ctx: ReconcilingContext, row: JournalEntry): Promise<void> {
  const at = approvalExpiresAt(row.createdAt, ctx.config.access.approvalExpiry);
  const message = `expired at ${formatZoned(at, 'UTC')} without a second person's approval; nothing was done`;
  const auditCtx = { ...ctx, viewer: reconciler, request: { sourceAddress: null, secure: false } };
  const attempt = startAttempt(row.action, { target: row.target, parameters: row.parameters, reason: 'the request expired', correlationId: row.correlationId, journalId: row.id });
  const closed = await finishJournalEntry(ctx.prisma, row.id, ['pending-approval'], { state: 'cancelled', at: ctx.now(), errorCode: 'expired', errorMessage: message });
  if (closed) await recordAudit(auditCtx, attempt, 'rejected', { code: 'expired', message });
}

/**
 * The unfinished action holding a target, after settling it first if its process is gone or, for
 * a request waiting for approval, if it expired: a request never waits behind what nobody runs.
 */
export async function liveHolderOf(ctx: ReconcilingContext, targetKind: string, target: string): Promise<JournalEntry | null> {
  const holder = await findTargetHolder(ctx.prisma, targetKind, target);
  if (holder?.state === 'pending-approval' && ctx.now() >= approvalExpiresAt(holder.createdAt, ctx.config.access.approvalExpiry)) {
    await closeExpiredRequest(ctx, holder);
    return findTargetHolder(ctx.prisma, targetKind, target);
  }
  if (!holder || !isAbandoned(holder, ctx.now())) return holder;
  await reconcileUnfinishedActions(ctx, { rows: [holder] });
  return findTargetHolder(ctx.prisma, targetKind, target);
}
