import { claimForReconciliation, finishJournalEntry, listStaleUnfinished } from '@fleet/db';
import type { ApiContext, UserViewer } from '../context.ts';
import { recordAudit, startAttempt } from './audit.ts';
import { completed, settleUnknown } from './execution.ts';
import { actionContext } from './preconditions.ts';

/** Who the audit trail names for what the portal decides on its own after a restart. */
export const RECONCILER = 'fleet-portal:reconciler';

// The reconciler decides on no one's behalf and with no role: it only records what the source says.
const reconciler: UserViewer = { kind: 'user', name: RECONCILER, groups: [], role: null, via: 'session', sessionId: null };

export interface ReconcileOptions {
  /**
   * Rows untouched for less than this may belong to a live process still executing them; a
   * start-up pass and the periodic pass both leave those alone. Default: 10 minutes.
   */
  staleAfterMs?: number;
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
 * Settles actions a stopped process left unfinished, without ever running one again: a row still
 * `queued` never reached its side effect and fails; a `running` or `reconciling` row is decided by
 * its action's `reconcile()` against the source, and stays `reconciling` (holding its target)
 * while the source cannot tell. Replicas may run this together: each row is claimed by one.
 */
export async function reconcileUnfinishedActions(ctx: ReconcilingContext, options: ReconcileOptions = {}): Promise<ReconciledAction[]> {
  const stale = await listStaleUnfinished(ctx.prisma, new Date(ctx.now().getTime() - (options.staleAfterMs ?? 600_000)));
  const auditCtx = { ...ctx, viewer: reconciler, request: { sourceAddress: null, secure: false } };
  const done: ReconciledAction[] = [];
  for (const row of stale) {
    const claimed = await claimForReconciliation(ctx.prisma, row, ctx.now());
    if (!claimed) continue;
    const attempt = startAttempt(row.action, { target: row.target, parameters: row.parameters, reason: `reconciling after a restart (found ${row.state})`, correlationId: row.correlationId, journalId: row.id });
    const actionCtx = actionContext(ctx, row.requestedBy, row.correlationId);
    const definition = ctx.actions.get(row.action);
    let to: string = 'reconciling';
    if (row.state === 'queued') {
      const message = 'the portal stopped before starting it, so nothing was done; request it again if it is still needed';
      const failed = await finishJournalEntry(ctx.prisma, row.id, ['reconciling'], { state: 'failed', at: ctx.now(), errorCode: 'not-started', errorMessage: message });
      await recordAudit(auditCtx, attempt, 'failed', { code: 'not-started', message });
      if (failed && definition) await completed(definition, actionCtx, failed);
      to = failed?.state ?? to;
    } else if (!definition) {
      await recordAudit(auditCtx, attempt, 'failed', { code: 'unknown-action', message: `this portal does not know ${row.action}; the row stays reconciling until someone checks ${row.target}` });
    } else {
      to = (await settleUnknown(auditCtx, definition, actionCtx, claimed, attempt)).state;
    }
    done.push({ journalId: row.id, action: row.action, target: row.target, from: row.state, to });
  }
  return done;
}
