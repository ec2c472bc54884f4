import { type GuardDenial, type GuardDenialCode, roleHolders, type RoleHolders } from '@fleet/core';
import { TRPCError } from '@trpc/server';
import { type Attempt, type AuditingContext, recordAudit } from './audit.ts';

/** Carries the guard's denial inside the TRPCError, so the error formatter can hand its code to the client. */
export class GuardRefusal extends Error {
  constructor(readonly denial: GuardDenial) {
    super(denial.message);
    this.name = 'GuardRefusal';
  }
}

const HTTP_KIND: Record<GuardDenialCode, TRPCError['code']> = {
  'not-signed-in': 'UNAUTHORIZED',
  'role-too-low': 'FORBIDDEN',
  'own-request': 'FORBIDDEN',
  'request-expired': 'CONFLICT',
  'unknown-action': 'NOT_FOUND',
  'not-found': 'NOT_FOUND',
  'invalid-input': 'BAD_REQUEST',
  'confirmation-mismatch': 'BAD_REQUEST',
  'reason-too-short': 'BAD_REQUEST',
  'preview-failed': 'PRECONDITION_FAILED',
  'preview-refused': 'PRECONDITION_FAILED',
  'frozen': 'PRECONDITION_FAILED',
  'cooling-down': 'PRECONDITION_FAILED',
  'preview-changed': 'CONFLICT',
  'target-busy': 'CONFLICT',
  'idempotency-key-reused': 'CONFLICT',
  'not-pending': 'CONFLICT',
  'too-many-attempts': 'TOO_MANY_REQUESTS',
};

/** Who holds which role by the config, so a refusal can say whom to ask. */
export function roleHoldersOf(ctx: { config: { access: Parameters<typeof roleHolders>[0]; auth: Parameters<typeof roleHolders>[1] } }): RoleHolders {
  return roleHolders(ctx.config.access, ctx.config.auth);
}

export function refusalError(denial: GuardDenial): TRPCError {
  return new TRPCError({ code: HTTP_KIND[denial.code], message: denial.message, cause: new GuardRefusal(denial) });
}

/** Records the denied attempt, then refuses it: no refusal goes unaudited. */
export async function refuse(ctx: AuditingContext, attempt: Attempt, denial: GuardDenial): Promise<never> {
  await recordAudit(ctx, attempt, 'denied', { code: denial.code, message: denial.message });
  throw refusalError(denial);
}
