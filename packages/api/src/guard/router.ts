import { ACTION_STATES, activeFreeze, approvalDenial, approvalExpiresAt, coolDownUntil, mayApproveAny, personText, policyFor, standingChecks } from '@fleet/core';
import { findJournalEntry, findTargetHolder, InvalidCursorError, type JournalEntry, lastSucceededAt, listAuditEvents, listJournalEntries, listPendingApprovals } from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { ActionDefinition } from './action-definition.ts';
import { approveAction, rejectAction, type approveInput, type rejectInput } from './approvals.ts';
import { roleHoldersOf } from './refusal.ts';
import { actionContext, parseActionInput, previewNow } from './preconditions.ts';
import { approvalProcedure, mayReadAudit, router, viewerProcedure } from '../trpc.ts';

const name = personText(255, 1);

function definitionOf(ctx: ApiContext, action: string): ActionDefinition {
  const definition = ctx.actions.get(action);
  if (!definition) throw new TRPCError({ code: 'NOT_FOUND', message: `this portal has no action named ${action}` });
  return definition;
}

/** A journal row for the pages, with when a waiting request expires, whether the caller could approve it now and why not. */
function entryView(ctx: ApiContext, entry: JournalEntry) {
  const definition = ctx.actions.get(entry.action);
  const viewer = ctx.viewer;
  const waiting = entry.state === 'pending-approval';
  const expiresAt = waiting ? approvalExpiresAt(entry.createdAt, ctx.config.access.approvalExpiry) : null;
  const approval = !waiting
    ? null
    : viewer.kind !== 'user'
      ? 'sign in to approve'
      : definition
        ? (approvalDenial(entry, { name: viewer.name, role: viewer.role, holders: roleHoldersOf(ctx) }, policyFor(ctx.config.access, definition, entry.target), {
            at: expiresAt!,
            now: ctx.now(),
          })?.message ?? null)
        : `this portal does not know ${entry.action}`;
  return { ...entry, expiresAt, canApprove: waiting && approval === null, approvalRefusal: approval };
}

/** What stands between the caller and the action on the target right now, in the guard's order. */
async function checksFor(ctx: ApiContext, definition: ActionDefinition, target: string) {
  const decision = policyFor(ctx.config.access, definition, target);
  const [holder, lastSuccess] = await Promise.all([
    findTargetHolder(ctx.prisma, definition.targetKind, target),
    decision.coolDownMs === null ? Promise.resolve(null) : lastSucceededAt(ctx.prisma, definition.name, target),
  ]);
  const now = ctx.now();
  return standingChecks({
    signedIn: ctx.viewer.kind === 'user',
    role: ctx.viewer.kind === 'user' ? ctx.viewer.role : null,
    holders: roleHoldersOf(ctx),
    target,
    decision,
    inFlight: holder,
    freeze: activeFreeze(ctx.config.access.freezeWindows, definition.name, target, now),
    coolDownUntil: coolDownUntil(lastSuccess, decision.coolDownMs, now),
  });
}

export const actionsRouter = router({
  /** Requests waiting for a second person first, then every action newest first, paged. */
  list: viewerProcedure
    .input(
      z
        .strictObject({
          action: name.optional(),
          target: name.optional(),
          state: z.enum(ACTION_STATES).optional(),
          cursor: personText(500).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .prefault({}),
    )
    .query(async ({ ctx, input }) => {
      try {
        const [pending, page] = await Promise.all([listPendingApprovals(ctx.prisma, 100), listJournalEntries(ctx.prisma, input)]);
        return { pendingApprovals: pending.map((e) => entryView(ctx, e)), items: page.items.map((e) => entryView(ctx, e)), nextCursor: page.nextCursor };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
        throw error;
      }
    }),

  /**
   * How many requests wait for the caller's approval, for the navigation's badge; null for anyone
   * who could approve none of the four-eyes actions the config names, so they see no badge.
   */
  pendingCount: viewerProcedure.query(async ({ ctx }) => {
    if (ctx.viewer.kind !== 'user' || !mayApproveAny(ctx.config.access, ctx.viewer.role)) return null;
    const pending = await listPendingApprovals(ctx.prisma, 100);
    return { count: pending.filter((entry) => entryView(ctx, entry).canApprove).length };
  }),

  /** One action with its whole audit trail, oldest event first. */
  get: viewerProcedure.input(z.strictObject({ journalId: personText(64, 1) })).query(async ({ ctx, input }) => {
    const entry = await findJournalEntry(ctx.prisma, input.journalId);
    if (!entry) throw new TRPCError({ code: 'NOT_FOUND', message: `there is no action ${input.journalId}` });
    // Its audit events are for those who may read the audit trail.
    const events = mayReadAudit(ctx) ? (await listAuditEvents(ctx.prisma, { correlationId: entry.correlationId, limit: 500 })).items.reverse() : null;
    return { ...entryView(ctx, entry), events };
  }),

  /** Why a button is enabled or not, before anyone fills in a form. */
  checks: viewerProcedure.input(z.strictObject({ action: name, target: name })).query(async ({ ctx, input }) => {
    const definition = definitionOf(ctx, input.action);
    return { action: definition.name, target: input.target, reasonMinLength: ctx.config.access.reasonMinLength, checks: await checksFor(ctx, definition, input.target) };
  }),

  /** What the action would do, with the fingerprint the confirmation sends back. */
  preview: viewerProcedure.input(z.strictObject({ action: name, target: name, input: z.unknown() })).query(async ({ ctx, input }) => {
    const definition = definitionOf(ctx, input.action);
    const parsed = parseActionInput(definition, input.input);
    if (!parsed.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: parsed.denial.message });
    const actor = ctx.viewer.kind === 'user' ? ctx.viewer.name : 'anonymous';
    const preview = await previewNow(actionContext(ctx, actor, 'preview'), definition, input.target, parsed.value);
    if (!preview.ok) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: preview.denial.message });
    return { preview: preview.value, checks: await checksFor(ctx, definition, input.target) };
  }),

  /** A second person approves a four-eyes request; it runs at once. */
  approve: approvalProcedure
    .meta({ kind: 'approval', audit: 'actions.approve' })
    .input((raw: unknown) => raw as z.input<typeof approveInput>)
    .mutation(({ ctx, input }) => approveAction(ctx, input)),

  /** Turns down a request waiting for approval, or withdraws one's own. */
  reject: approvalProcedure
    .meta({ kind: 'approval', audit: 'actions.reject' })
    .input((raw: unknown) => raw as z.input<typeof rejectInput>)
    .mutation(({ ctx, input }) => rejectAction(ctx, input)),
});
