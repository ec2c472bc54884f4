import { approvalDenial, approvalExpiresAt, confirmationMismatch, type GuardDenial, notSignedIn, personText, policyFor, reasonTooShort, rejectionDenial, roleAtLeast, roleRefusal } from '@fleet/core';
import { approveJournalEntry, finishJournalEntry, findJournalEntry, leaseFor } from '@fleet/db';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { type Attempt, auditEventOf, rawText, recordingFailed, startAttempt } from './audit.ts';
import { runJournaledAction } from './execution.ts';
import { type ActionOutcome, outcomeOf } from './outcome.ts';
import { actionContext, describeIssues, parseActionInput, previewChanged, previewNow, previewRefused, timingDenial } from './preconditions.ts';
import { refuse, roleHoldersOf } from './refusal.ts';

export const approveInput = z.strictObject({
  journalId: personText(64, 1),
  /** The target's name, typed by the approver as the requester typed it. */
  confirmation: personText(255),
  comment: personText(2_000).optional(),
});

export const rejectInput = z.strictObject({
  journalId: personText(64, 1),
  reason: personText(2_000),
});

const notPossible = (message: string, code: 'not-found' | 'unknown-action'): GuardDenial => ({ check: 'four-eyes', code, message });

/** Signed in with at least operator: nobody less can request, so nobody less approves, rejects or withdraws. */
async function actingUser(ctx: ApiContext, attempt: Attempt) {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'user') return refuse(ctx, attempt, notSignedIn(viewer.note ?? undefined));
  const holders = roleHoldersOf(ctx);
  if (!roleAtLeast(viewer.role, 'operator')) return refuse(ctx, attempt, roleRefusal({ need: 'operator', have: viewer.role, holders, doing: 'to decide on requests' }));
  return { name: viewer.name, role: viewer.role, holders };
}

/**
 * A second person approves a four-eyes request; the action then runs at once, so everything
 * that could have changed since the request is checked again: the preview, freezes, cool-downs.
 */
export async function approveAction(ctx: ApiContext, raw: unknown): Promise<ActionOutcome> {
  const attempt = startAttempt('actions.approve', { parameters: raw, reason: rawText(raw, 'comment') });
  const viewer = await actingUser(ctx, attempt);
  const request = approveInput.safeParse(raw);
  if (!request.success) return refuse(ctx, attempt, { check: 'input', code: 'invalid-input', message: `the request is not valid: ${describeIssues(request.error)}` });
  const row = await findJournalEntry(ctx.prisma, request.data.journalId);
  if (!row) return refuse(ctx, attempt, notPossible(`there is no action ${request.data.journalId}`, 'not-found'));
  Object.assign(attempt, { target: row.target, correlationId: row.correlationId, journalId: row.id });
  const definition = ctx.actions.get(row.action);
  if (!definition) return refuse(ctx, attempt, notPossible(`this portal does not know the action ${row.action}`, 'unknown-action'));
  const decision = policyFor(ctx.config.access, definition, row.target);
  const expiry = { at: approvalExpiresAt(row.createdAt, ctx.config.access.approvalExpiry), now: ctx.now() };
  const denied = approvalDenial(row, viewer, decision, expiry) ?? confirmationMismatch(request.data.confirmation, row.target);
  if (denied) return refuse(ctx, attempt, denied);
  const input = parseActionInput(definition, row.parameters);
  if (!input.ok) return refuse(ctx, attempt, input.denial);
  const preview = await previewNow(actionContext(ctx, row.requestedBy, row.correlationId), definition, row.target, input.value);
  if (!preview.ok) return refuse(ctx, attempt, preview.denial);
  const refused = previewRefused(preview.value);
  if (refused) return refuse(ctx, attempt, refused);
  const changed = previewChanged(preview.value, row.previewFingerprint, `Reject this request; ${row.requestedBy} can request it again.`);
  if (changed) return refuse(ctx, attempt, changed);
  const timing = await timingDenial(ctx, row.action, row.target, decision);
  if (timing) return refuse(ctx, attempt, timing);
  const approved = { ...attempt, action: row.action };
  const queued = await approveJournalEntry(ctx.prisma, row.id, ctx.now(), { approvedBy: viewer.name, lease: leaseFor(attempt.correlationId, ctx.now()) }, auditEventOf(ctx, approved, 'approved')).catch((cause: unknown) => {
    throw recordingFailed(approved, cause, 'nothing was done');
  });
  if (!queued) return refuse(ctx, attempt, { check: 'four-eyes', code: 'not-pending', message: 'someone else approved or rejected it a moment ago' });
  return outcomeOf(await runJournaledAction(ctx, definition, queued, approved), false);
}

/** Turns down a waiting request, or withdraws one's own. */
export async function rejectAction(ctx: ApiContext, raw: unknown): Promise<ActionOutcome> {
  const attempt = startAttempt('actions.reject', { parameters: raw, reason: rawText(raw, 'reason') });
  const viewer = await actingUser(ctx, attempt);
  const request = rejectInput.safeParse(raw);
  if (!request.success) return refuse(ctx, attempt, { check: 'input', code: 'invalid-input', message: `the request is not valid: ${describeIssues(request.error)}` });
  const row = await findJournalEntry(ctx.prisma, request.data.journalId);
  if (!row) return refuse(ctx, attempt, notPossible(`there is no action ${request.data.journalId}`, 'not-found'));
  Object.assign(attempt, { target: row.target, correlationId: row.correlationId, journalId: row.id });
  // An action this portal no longer knows can still be turned down: it could never run anyway.
  const decision = policyFor(ctx.config.access, ctx.actions.get(row.action) ?? { name: row.action, minimumRole: 'operator' }, row.target);
  const denied = rejectionDenial(row, viewer, decision) ?? reasonTooShort(request.data.reason, ctx.config.access.reasonMinLength);
  if (denied) return refuse(ctx, attempt, denied);
  const withdrawn = row.requestedBy === viewer.name;
  const message = `${withdrawn ? 'withdrawn' : 'rejected'} by ${viewer.name}: ${request.data.reason.trim()}`;
  const rejected = { ...attempt, action: row.action };
  const outcome = { state: 'cancelled' as const, at: ctx.now(), errorCode: withdrawn ? 'withdrawn' : 'rejected', errorMessage: message };
  const cancelled = await finishJournalEntry(ctx.prisma, row.id, ['pending-approval'], outcome, auditEventOf(ctx, rejected, 'rejected')).catch((cause: unknown) => {
    throw recordingFailed(rejected, cause, 'nothing was done');
  });
  if (!cancelled) return refuse(ctx, attempt, { check: 'four-eyes', code: 'not-pending', message: 'someone else approved or rejected it a moment ago' });
  return outcomeOf(cancelled, false);
}
