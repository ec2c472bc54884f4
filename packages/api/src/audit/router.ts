import { AUDIT_OUTCOMES } from '@fleet/core';
import { InvalidCursorError, listAuditEvents } from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditReaderProcedure, router } from '../trpc.ts';

const listInput = z.strictObject({
  action: z.string().min(1).max(200).optional(),
  target: z.string().min(1).max(255).optional(),
  user: z.string().min(1).max(200).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  correlationId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const auditRouter = router({
  /** Every attempt, allowed or denied, newest first, a page at a time. */
  list: auditReaderProcedure.input(listInput.prefault({})).query(async ({ ctx, input }) => {
    try {
      return await listAuditEvents(ctx.prisma, input);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
      throw error;
    }
  }),
});
