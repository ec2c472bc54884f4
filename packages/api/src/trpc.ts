import { randomUUID } from 'node:crypto';
import { type JsonValue, type Role, roleAtLeast, roleRefusal, unsafeTextPath, withArticle } from '@fleet/core';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { z } from 'zod';
import type { ApiContext } from './context.ts';
import type { ActionDefinition } from './guard/action-definition.ts';
import { startAttempt } from './guard/audit.ts';
import { refuse, refusalError, GuardRefusal, roleHoldersOf } from './guard/refusal.ts';
import { type GuardedRequest, runGuardedAction } from './guard/run-guarded-action.ts';

export type { ApiContext } from './context.ts';

/**
 * Which kind a procedure is, so a test can walk the router and prove every mutation is guarded.
 * `audit` names the action its refusals are recorded under.
 */
export interface ProcedureMeta {
  kind: 'anyone' | 'viewer' | 'operator' | 'admin' | 'action' | 'approval';
  audit?: string;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // The guard's check and code reach the client, so a page can say which step refused and why.
    errorFormatter({ shape, error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') return internalErrorShape(shape, error, path);
      const denial = error.cause instanceof GuardRefusal ? error.cause.denial : null;
      const guard = denial && { check: denial.check, code: denial.code, retryAt: denial.retryAt ?? null, detail: denial.detail ?? null };
      return { ...shape, data: { ...shape.data, guard } };
    },
  });

/** An answer the guard wrote for the caller (see guard/audit.ts `recordingFailed`): it already names its reference. */
const REFERENCED = /\(reference [0-9a-f-]{36}\)/;

/**
 * A failure the caller cannot act on is answered without its cause (a database error would quote
 * the database) and without a stack; the cause goes to the server log under a reference the
 * answer gives, so whoever reports it can be matched with it.
 */
function internalErrorShape<S extends { message: string; data: { stack?: string } }>(shape: S, error: TRPCError, path: string | undefined) {
  let message = error.message;
  if (!REFERENCED.test(message)) {
    const reference = randomUUID();
    console.error(`[${reference}] ${path ?? '(no procedure)'} failed: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : error.message}`);
    message = `the portal failed to answer (reference ${reference}); the server log has the details`;
  }
  const { stack: _stack, ...data } = shape.data;
  return { ...shape, message, data: { ...data, guard: null } };
}

/**
 * The net under every read: a string with NUL or other control characters never reaches a query,
 * whichever schema forgot to refuse it. Mutations are left to their guard, which audits the refusal.
 */
const base = t.procedure.use(async ({ type, getRawInput, next }) => {
  if (type !== 'mutation') {
    const where = unsafeTextPath(await getRawInput().catch(() => undefined));
    if (where) throw new TRPCError({ code: 'BAD_REQUEST', message: `${where}: must not contain control characters (NUL, escape codes, direction overrides)` });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Signing in and out and asking who one is: the only procedures open to everyone. */
export const anyoneProcedure = base.meta({ kind: 'anyone' });

/** Reading the fleet: every signed-in user with a role, and anonymous readers where `auth.anonymousViewer` is on. */
export const viewerProcedure = base.meta({ kind: 'viewer' }).use(({ ctx, next }) => {
  if (!roleAtLeast(ctx.viewer.role, 'viewer')) {
    const because = ctx.viewer.kind === 'user' ? `${ctx.viewer.name}’s groups map to no role in access.groups` : (ctx.viewer.note ?? 'this portal does not let anonymous visitors read');
    throw refusalError({ check: 'authenticated', code: 'not-signed-in', message: `sign in to see the fleet (${because})` });
  }
  return next();
});

/** Whether this viewer may read the audit trail: every signed-in viewer, guests only where `auth.anonymousAudit` is on. */
export function mayReadAudit(ctx: Pick<ApiContext, 'viewer' | 'config'>): boolean {
  return roleAtLeast(ctx.viewer.role, 'viewer') && (ctx.viewer.kind === 'user' || ctx.config.auth.anonymousAudit);
}

/** Reading the audit trail: who did what, failed sign-ins included, is not for every guest. */
export const auditReaderProcedure = viewerProcedure.use(({ ctx, next }) => {
  if (!mayReadAudit(ctx)) {
    throw refusalError({ check: 'authenticated', code: 'not-signed-in', message: 'sign in to read the audit trail (this portal does not show it to anonymous visitors: auth.anonymousAudit)' });
  }
  return next();
});

function roleProcedure(role: Exclude<Role, 'viewer'>) {
  return base.meta({ kind: role }).use(async ({ ctx, next, type, path, getRawInput }) => {
    const viewer = ctx.viewer;
    if (viewer.kind === 'user' && roleAtLeast(viewer.role, role)) return next();
    const denial =
      viewer.kind === 'user'
        ? roleRefusal({ need: role, have: viewer.role, holders: roleHoldersOf(ctx) })
        : { check: 'authenticated' as const, code: 'not-signed-in' as const, message: `sign in as ${withArticle(role)}${viewer.note ? ` (${viewer.note})` : ''}` };
    // Refused mutations are attempts to change something: the audit trail keeps them. Refused reads are not.
    if (type === 'mutation') return refuse(ctx, startAttempt(path, { parameters: await getRawInput().catch(() => undefined) }), denial);
    throw refusalError(denial);
  });
}

/** Reads and checks for operators and admins. A change to the fleet is a `guardedAction`, never one of these. */
export const operatorProcedure = roleProcedure('operator');
export const adminProcedure = roleProcedure('admin');

/** Approving and rejecting four-eyes requests: the guard in guard/approvals.ts does every check and the audit. */
export const approvalProcedure = base.meta({ kind: 'approval' });

/**
 * The mutation for one action, through the guard: signed in → role on this target → valid input
 * → the confirmed preview still holds → typed confirmation → reason → nothing else in flight on
 * the target → idempotency → freeze windows and cool-downs → four-eyes → journal → execute →
 * journal and audit → onCompleted. The input is validated inside the guard, after the role
 * check, so that invalid requests are audited too; its type is the client's contract.
 */
export function guardedAction<Schema extends z.ZodType, Result extends JsonValue>(definition: ActionDefinition<Schema, Result>) {
  return base
    .meta({ kind: 'action', audit: definition.name })
    .input((raw: unknown) => raw as GuardedRequest<z.input<Schema>>)
    .mutation(({ ctx, input }) => runGuardedAction(ctx, definition, input));
}
