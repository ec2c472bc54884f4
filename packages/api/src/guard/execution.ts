import { randomUUID } from 'node:crypto';
import type { JsonValue } from '@fleet/core';
import { finishJournalEntry, findJournalEntry, type JournalEntry, moveJournalEntry, postponeReconciliation } from '@fleet/db';
import type { ApiContext } from '../context.ts';
import { ActionError, type ActionContext, type ActionDefinition, type ReconcileVerdict } from './action-definition.ts';
import { type Attempt, type AuditingContext, recordAudit } from './audit.ts';
import { KeptLease } from './kept-lease.ts';
import { actionContext } from './preconditions.ts';

type ExecutingContext = AuditingContext & Pick<ApiContext, 'config'>;

/** How long a row the source could not settle waits before a reconciler asks again. */
export const RECHECK_UNKNOWN_MS = 30_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Asks the source what became of an action; an error asking is as good as "unknown". */
export async function askSource(definition: ActionDefinition, actionCtx: ActionContext, entry: JournalEntry): Promise<ReconcileVerdict> {
  try {
    return await definition.reconcile(actionCtx, entry);
  } catch {
    return 'unknown';
  }
}

/** Runs the hook after a final state; a failed re-sync is for the sync loop to catch up on, not the action's outcome. */
export async function completed(definition: ActionDefinition, actionCtx: ActionContext, entry: JournalEntry): Promise<void> {
  await definition.onCompleted?.(actionCtx, entry).catch(() => undefined);
}

export interface Settling {
  /** The lease the settling process holds on the row: let go of if the source cannot tell yet. */
  owner: string;
  /** The row was already found undecided once: say so in the audit trail only the first time. */
  askedBefore?: boolean;
}

/**
 * Turns a row whose outcome is unknown into a final one when the source can tell, or leaves it
 * `reconciling` (holding its target) for a later reconciliation pass, which looks again after
 * {@link RECHECK_UNKNOWN_MS}.
 */
export async function settleUnknown(ctx: ExecutingContext, definition: ActionDefinition, actionCtx: ActionContext, entry: JournalEntry, attempt: Attempt, settling: Settling): Promise<JournalEntry> {
  const verdict = await askSource(definition, actionCtx, entry);
  if (verdict === 'unknown') {
    await postponeReconciliation(ctx.prisma, entry.id, settling.owner, new Date(ctx.now().getTime() + RECHECK_UNKNOWN_MS));
    if (!settling.askedBefore) {
      await recordAudit(ctx, attempt, 'failed', { code: 'outcome-unknown', message: `could not tell whether ${entry.action} took effect on ${entry.target}; it stays reconciling and holds the target until a later check decides` });
    }
    return entry;
  }
  const state = typeof verdict === 'string' ? verdict : verdict.state;
  const final = await finishJournalEntry(ctx.prisma, entry.id, ['reconciling'], {
    state,
    at: ctx.now(),
    ...(typeof verdict === 'string' ? {} : { result: verdict.result }),
    ...(state === 'failed' ? { errorCode: 'reconciled-failed', errorMessage: `${entry.errorMessage ?? 'the action failed'}; the source shows it did not take effect` } : {}),
  });
  if (!final) return (await findJournalEntry(ctx.prisma, entry.id)) ?? entry;
  await recordAudit(ctx, attempt, state, state === 'failed' ? { code: 'reconciled-failed', message: final.errorMessage ?? 'failed' } : null);
  await completed(definition, actionCtx, final);
  return final;
}

/**
 * Runs a queued journal row: marks it running (the last write before the side effect), executes,
 * and records the outcome in the journal and the audit trail. Only the caller that moved the row
 * from queued to running executes it, so a row never runs twice; it holds the row's lease, renewed
 * while it works, so a reconciler knows within seconds if it dies.
 */
export async function runJournaledAction(ctx: ExecutingContext, definition: ActionDefinition, entry: JournalEntry, attempt: Attempt): Promise<JournalEntry> {
  const lease = new KeptLease(ctx.prisma, entry.id, randomUUID(), ctx.now);
  const running = await moveJournalEntry(ctx.prisma, entry.id, ['queued'], 'running', ctx.now(), { lease: lease.current() });
  if (!running) return (await findJournalEntry(ctx.prisma, entry.id)) ?? entry;
  return lease.during(() => execute(ctx, definition, running, attempt, lease.owner));
}

async function execute(ctx: ExecutingContext, definition: ActionDefinition, running: JournalEntry, attempt: Attempt, owner: string): Promise<JournalEntry> {
  const actionCtx = actionContext(ctx, running.requestedBy, running.correlationId);
  const input = definition.input.safeParse(running.parameters);
  if (!input.success) {
    // Only when the action's parameters changed shape between request and approval: nothing ran.
    const message = `the stored parameters no longer fit ${definition.name}; request it again`;
    const failed = await finishJournalEntry(ctx.prisma, running.id, ['running'], { state: 'failed', at: ctx.now(), errorCode: 'invalid-input', errorMessage: message });
    await recordAudit(ctx, attempt, 'failed', { code: 'invalid-input', message });
    return failed ?? running;
  }
  let result: JsonValue;
  try {
    result = await definition.execute(actionCtx, { target: running.target, input: input.data }, running);
  } catch (error) {
    if (error instanceof ActionError && error.changed === 'nothing') {
      const failed = await finishJournalEntry(ctx.prisma, running.id, ['running'], { state: 'failed', at: ctx.now(), errorCode: error.code, errorMessage: error.message });
      await recordAudit(ctx, attempt, 'failed', { code: error.code, message: error.message });
      if (failed) await completed(definition, actionCtx, failed);
      return failed ?? running;
    }
    const code = error instanceof ActionError ? error.code : 'outcome-unknown';
    const unsure = await moveJournalEntry(ctx.prisma, running.id, ['running'], 'reconciling', ctx.now(), { errorCode: code, errorMessage: messageOf(error) });
    return unsure ? settleUnknown(ctx, definition, actionCtx, unsure, attempt, { owner }) : running;
  }
  const succeeded = await finishJournalEntry(ctx.prisma, running.id, ['running'], { state: 'succeeded', at: ctx.now(), result });
  await recordAudit(ctx, attempt, 'succeeded');
  if (succeeded) await completed(definition, actionCtx, succeeded);
  return succeeded ?? running;
}
