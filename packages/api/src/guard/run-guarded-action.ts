import { randomUUID } from 'node:crypto';
import { confirmationMismatch, type GuardDenial, type JsonValue, notSignedIn, personText, policyFor, reasonTooShort, roleTooLow, targetBusy } from '@fleet/core';
import { findJournalEntry, findJournalEntryByKey, type JournalEntry, leaseFor, openJournalEntry } from '@fleet/db';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { ActionDefinition } from './action-definition.ts';
import { type Attempt, auditEventOf, rawText, recordAudit, recordingFailed, startAttempt } from './audit.ts';
import { runJournaledAction } from './execution.ts';
import { type ActionOutcome, outcomeOf } from './outcome.ts';
import { actionContext, describeIssues, parseActionInput, previewChanged, previewNow, previewRefused, timingDenial } from './preconditions.ts';
import { liveHolderOf } from './reconcile.ts';
import { refuse, roleHoldersOf } from './refusal.ts';

/** What the client sends to every guarded mutation: the action's own input and the guard's fields. */
export interface GuardedRequest<Input> {
  target: string;
  input: Input;
  /** From the preview the user saw and confirmed. */
  previewFingerprint: string;
  /** The target's name, typed by the user. */
  confirmation: string;
  reason: string;
  /** Made once per confirmation dialog: a double click or a retry sends the same one. */
  idempotencyKey: string;
}

const envelope = z.strictObject({
  target: personText(255, 1),
  input: z.unknown(),
  previewFingerprint: personText(10_000, 1),
  confirmation: personText(255),
  reason: personText(2_000),
  idempotencyKey: z.string().regex(/^[\w-]{8,128}$/, 'must be 8–128 letters, digits, _ or - (a UUID will do)'),
});

/** Stored parameters must survive JSON exactly, so the journal replays what was checked. */
function asJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/**
 * The one guard every action passes, in DESIGN.md's order; each refusal is audited before it is
 * thrown. One deliberate step out of that order: a repeated idempotency key is answered with the
 * first request's outcome as soon as the request is known valid, because a retry must get the
 * first answer, not "the target is busy (with your own request)" or "the preview changed".
 */
export async function runGuardedAction(ctx: ApiContext, definition: ActionDefinition, raw: unknown): Promise<ActionOutcome> {
  const attempt: Attempt = startAttempt(definition.name, {
    target: rawText(raw, 'target'),
    parameters: raw !== null && typeof raw === 'object' ? (raw as { input?: unknown }).input : undefined,
    reason: rawText(raw, 'reason'),
  });
  const viewer = ctx.viewer;
  // 1. authenticated user
  if (viewer.kind !== 'user') return refuse(ctx, attempt, notSignedIn(viewer.note ?? undefined));
  // 2. role allows this action on this target
  const decision = policyFor(ctx.config.access, definition, attempt.target ?? '');
  const lowRole = roleTooLow(decision, viewer.role, roleHoldersOf(ctx));
  if (lowRole) return refuse(ctx, attempt, lowRole);
  // 3. input valid
  const request = envelope.safeParse(raw);
  if (!request.success) return refuse(ctx, attempt, { check: 'input', code: 'invalid-input', message: `the request is not valid: ${describeIssues(request.error)}` });
  const { target, previewFingerprint, confirmation, reason, idempotencyKey } = request.data;
  const input = parseActionInput(definition, request.data.input);
  if (!input.ok) return refuse(ctx, attempt, input.denial);
  const replay = await replayOf(ctx, definition, attempt, request.data.idempotencyKey, target);
  if (replay) return replay;
  // The same key sent twice at once passes the look above twice; whichever loses a later check to
  // its twin (the twin's lock, the preview the twin's effect changed) answers as the twin did.
  const refuseUnlessRepeat = async (denial: GuardDenial): Promise<ActionOutcome> =>
    (await replayOf(ctx, definition, attempt, idempotencyKey, target)) ?? refuse(ctx, attempt, denial);
  // 4. the preview the user confirmed still holds
  const actionCtx = actionContext(ctx, viewer.name, attempt.correlationId);
  const preview = await previewNow(actionCtx, definition, target, input.value);
  if (!preview.ok) return refuseUnlessRepeat(preview.denial);
  const refused = previewRefused(preview.value);
  if (refused) return refuseUnlessRepeat(refused);
  const changed = previewChanged(preview.value, previewFingerprint, 'Review the new preview and confirm again.');
  if (changed) return refuseUnlessRepeat(changed);
  // 5. typed confirmation, 6. reason
  const mismatch = confirmationMismatch(confirmation, target) ?? reasonTooShort(reason, ctx.config.access.reasonMinLength);
  if (mismatch) return refuse(ctx, attempt, mismatch);
  // 7. nothing else in flight on the target (read here for the message; the lock below decides
  // races); an action whose process died is settled first rather than left in the way
  const busy = targetBusy(target, await liveHolderOf(ctx, definition.targetKind, target));
  if (busy) return refuseUnlessRepeat(busy);
  // 8. freeze windows and cool-downs
  const timing = await timingDenial(ctx, definition.name, target, decision);
  if (timing) return refuseUnlessRepeat(timing);
  // 9. four-eyes decides the first state; 10. the journal row, the lock and the attempt's audit
  // event in one transaction, before any side effect: what the trail cannot record never starts.
  const state = decision.fourEyes ? 'pending-approval' : 'queued';
  attempt.journalId = randomUUID();
  const opened = await openJournalEntry(
    ctx.prisma,
    {
      id: attempt.journalId,
      action: definition.name,
      targetKind: definition.targetKind,
      target,
      parameters: asJson(request.data.input),
      requestedBy: viewer.name,
      reason: reason.trim(),
      idempotencyKey,
      state,
      createdAt: ctx.now(),
      correlationId: attempt.correlationId,
      previewFingerprint: preview.value.fingerprint,
      previewSummary: preview.value.summary,
      ...(decision.fourEyes ? {} : { lease: leaseFor(attempt.correlationId, ctx.now()) }),
    },
    auditEventOf(ctx, attempt, state === 'queued' ? 'allowed' : state),
  ).catch((cause: unknown) => {
    throw recordingFailed(attempt, cause, 'nothing was done');
  });
  if (opened.kind !== 'opened') attempt.journalId = null;
  if (opened.kind === 'busy') return refuseUnlessRepeat(targetBusy(target, opened.holder)!);
  if (opened.kind === 'replay') return (await replayOf(ctx, definition, attempt, idempotencyKey, target))!;
  if (opened.entry.state === 'pending-approval') return outcomeOf(opened.entry, false);
  // 11. the executor runs; the journal and the audit trail get its outcome
  return outcomeOf(await runJournaledAction(ctx, definition, opened.entry, attempt), false);
}

/** The first request's outcome when the key was used before by the same person for the same thing. */
async function replayOf(ctx: ApiContext, definition: ActionDefinition, attempt: Attempt, idempotencyKey: string, target: string): Promise<ActionOutcome | null> {
  const first = await findJournalEntryByKey(ctx.prisma, idempotencyKey);
  if (!first) return null;
  const viewerName = ctx.viewer.kind === 'user' ? ctx.viewer.name : null;
  if (first.action !== definition.name || first.target !== target || first.requestedBy !== viewerName) {
    return refuse(ctx, attempt, {
      check: 'idempotency',
      code: 'idempotency-key-reused',
      message: 'this idempotency key belongs to a different request; make a new key for each confirmation dialog',
    });
  }
  await recordAudit(ctx, { ...attempt, correlationId: first.correlationId, journalId: first.id }, 'allowed', {
    code: 'replayed',
    message: `repeat of the request ${first.id}; answered with its outcome, nothing done again`,
  });
  return outcomeOf(await settledOrLatest(ctx, first), true);
}

/** How long a repeat waits for the first request to finish before answering with where it stands. */
const REPEAT_WAITS_MS = 15_000;

/** The first request's row once it has finished, or as it stands after a bounded wait. */
async function settledOrLatest(ctx: ApiContext, first: JournalEntry): Promise<JournalEntry> {
  let entry = first;
  const until = performance.now() + REPEAT_WAITS_MS;
  // Reconciling counts as at work only while a process holds it; one left undecided waits for a later look.
  const atWork = (row: JournalEntry) => ['queued', 'running'].includes(row.state) || (row.state === 'reconciling' && row.leaseOwner !== null);
  while (atWork(entry) && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    entry = (await findJournalEntry(ctx.prisma, first.id)) ?? entry;
  }
  return entry;
}
