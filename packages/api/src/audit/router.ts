import { AUDIT_OUTCOMES, personText } from '@fleet/core';
import {
  consequencesOf,
  eventsOfAttempt,
  findAuditAttempt,
  findJournalOfAttempt,
  hiddenNoise,
  InvalidCursorError,
  listAuditAttempts,
  listAuditEvents,
  type PrismaClient,
  verifyAuditChain,
} from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditReaderProcedure, operatorProcedure, router } from '../trpc.ts';
import { attemptView, eventView } from './attempt-view.ts';
import { attemptFilterOf, auditFilterInput } from './filter.ts';

const listInput = z.strictObject({
  action: personText(200, 1).optional(),
  target: personText(255, 1).optional(),
  user: personText(200, 1).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  correlationId: personText(64, 1).optional(),
  cursor: personText(500).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

const attemptsInput = auditFilterInput.extend({
  cursor: personText(500).optional(),
  limit: z.number().int().min(1, 'at least 1').max(200, 'at most 200 lines a page').default(50),
});

/** Around an attempt, what else happened to its target: the sync that followed, a change outside the portal. */
const RELATED_BEFORE_MS = 3_600_000;
const RELATED_AFTER_MS = 6 * 3_600_000;

function badCursor<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
    throw error;
  });
}

/** A page of attempts with what each set going. */
export async function attemptPage(prisma: PrismaClient, input: z.output<typeof attemptsInput>) {
  const filter = attemptFilterOf(input);
  const page = await listAuditAttempts(prisma, { ...filter, limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
  const consequences = await consequencesOf(prisma, page.items.flatMap((a) => (a.journalId ? [a.journalId] : [])));
  return { items: page.items.map((a) => attemptView(a, a.journalId ? (consequences.get(a.journalId) ?? null) : null)), nextCursor: page.nextCursor };
}

export const auditRouter = router({
  /** Every recorded event, newest first, a page at a time (one attempt may have several). */
  list: auditReaderProcedure.input(listInput.prefault({})).query(({ ctx, input }) => badCursor(() => listAuditEvents(ctx.prisma, input))),

  /**
   * One line per attempt with its final outcome and what it set going (the refresh, the build),
   * newest first; failed sign-ins are folded away unless asked for, and counted.
   */
  attempts: auditReaderProcedure.input(attemptsInput.prefault({})).query(async ({ ctx, input }) => {
    const page = await badCursor(() => attemptPage(ctx.prisma, input));
    const noise = input.includeNoise || input.cursor ? null : await hiddenNoise(ctx.prisma, attemptFilterOf(input));
    return { ...page, hiddenNoise: noise };
  }),

  /** One attempt in full: its events with their parameters, the preview that was confirmed, its result, and what happened around it. */
  attempt: auditReaderProcedure.input(z.strictObject({ correlationId: personText(64, 1) })).query(async ({ ctx, input }) => {
    const attempt = await findAuditAttempt(ctx.prisma, input.correlationId);
    if (!attempt) throw new TRPCError({ code: 'NOT_FOUND', message: `there is no attempt ${input.correlationId} in the audit trail (it may have gone to an archive)` });
    const [events, journal, consequences] = await Promise.all([
      eventsOfAttempt(ctx.prisma, attempt.correlationId),
      attempt.journalId ? findJournalOfAttempt(ctx.prisma, attempt.journalId) : null,
      consequencesOf(ctx.prisma, attempt.journalId ? [attempt.journalId] : []),
    ]);
    const around = attempt.target
      ? await listAuditAttempts(ctx.prisma, {
          target: attempt.target,
          from: new Date(attempt.startedAt.getTime() - RELATED_BEFORE_MS),
          to: new Date(attempt.lastAt.getTime() + RELATED_AFTER_MS),
          limit: 21,
        })
      : { items: [] };
    return {
      attempt: attemptView(attempt, attempt.journalId ? (consequences.get(attempt.journalId) ?? null) : null),
      events: events.map(eventView),
      journal: journal && {
        id: journal.id,
        state: journal.state,
        requestedBy: journal.requestedBy,
        approvedBy: journal.approvedBy,
        reason: journal.reason,
        parameters: journal.parameters,
        previewSummary: journal.previewSummary,
        previewFingerprint: journal.previewFingerprint,
        result: journal.result,
        errorCode: journal.errorCode,
        errorMessage: journal.errorMessage,
        createdAt: journal.createdAt,
        startedAt: journal.startedAt,
        finishedAt: journal.finishedAt,
      },
      related: around.items.filter((a) => a.correlationId !== attempt.correlationId).map((a) => attemptView(a, null)),
    };
  }),

  /** Walks the hash chain and names its first broken link; reads every event, so operators only. */
  verify: operatorProcedure.query(async ({ ctx }) => {
    const verdict = await verifyAuditChain(ctx.prisma);
    return {
      intact: verdict.intact,
      checked: verdict.checked,
      archived: verdict.archived,
      head: { seq: String(verdict.head.seq), hash: verdict.head.hash },
      firstBroken: verdict.firstBroken && { ...verdict.firstBroken, seq: String(verdict.firstBroken.seq) },
      checkedAt: ctx.now(),
    };
  }),
});
