import { type JsonValue, type Role, roleAtLeast, withArticle } from '@fleet/core';
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import type { z } from 'zod';
import type { ApiContext } from './context.ts';
import type { ActionDefinition } from './guard/action-definition.ts';
import { startAttempt } from './guard/audit.ts';
import { refuse, refusalError, GuardRefusal } from './guard/refusal.ts';
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
    errorFormatter({ shape, error }) {
      const denial = error.cause instanceof GuardRefusal ? error.cause.denial : null;
      return { ...shape, data: { ...shape.data, guard: denial && { check: denial.check, code: denial.code, retryAt: denial.retryAt ?? null } } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Signing in and out and asking who one is: the only procedures open to everyone. */
export const anyoneProcedure = t.procedure.meta({ kind: 'anyone' });

/** Reading the fleet: every signed-in user with a role, and anonymous readers where `auth.anonymousViewer` is on. */
export const viewerProcedure = t.procedure.meta({ kind: 'viewer' }).use(({ ctx, next }) => {
  if (!roleAtLeast(ctx.viewer.role, 'viewer')) {
    const because = ctx.viewer.kind === 'user' ? `${ctx.viewer.name}’s groups map to no role in access.groups` : (ctx.viewer.note ?? 'this portal does not let anonymous visitors read');
    throw refusalError({ check: 'authenticated', code: 'not-signed-in', message: `sign in to see the fleet (${because})` });
  }
  return next();
});

function roleProcedure(role: Exclude<Role, 'viewer'>) {
  return t.procedure.meta({ kind: role }).use(async ({ ctx, next, type, path, getRawInput }) => {
    const viewer = ctx.viewer;
    if (viewer.kind === 'user' && roleAtLeast(viewer.role, role)) return next();
    const denial =
      viewer.kind === 'user'
        ? { check: 'role' as const, code: 'role-too-low' as const, message: `${role} role needed (${viewer.role ? `you are ${withArticle(viewer.role)}` : 'your groups map to no role'})` }
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
export const approvalProcedure = t.procedure.meta({ kind: 'approval' });

/**
 * The mutation for one action, through the guard: signed in → role on this target → valid input
 * → the confirmed preview still holds → typed confirmation → reason → nothing else in flight on
 * the target → idempotency → freeze windows and cool-downs → four-eyes → journal → execute →
 * journal and audit → onCompleted. The input is validated inside the guard, after the role
 * check, so that invalid requests are audited too; its type is the client's contract.
 */
export function guardedAction<Schema extends z.ZodType, Result extends JsonValue>(definition: ActionDefinition<Schema, Result>) {
  return t.procedure
    .meta({ kind: 'action', audit: definition.name })
    .input((raw: unknown) => raw as GuardedRequest<z.input<Schema>>)
    .mutation(({ ctx, input }) => runGuardedAction(ctx, definition, input));
}
