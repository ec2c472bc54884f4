import { activeFreeze, coolDownUntil, coolingDown, frozen, type GuardDenial, type PolicyDecision } from '@fleet/core';
import { lastSucceededAt } from '@fleet/db';
import type { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { type ActionContext, type ActionDefinition, type ActionPreview, ActionError } from './action-definition.ts';

export function actionContext(ctx: Pick<ApiContext, 'prisma' | 'config' | 'now'>, actor: string, correlationId: string): ActionContext {
  return { prisma: ctx.prisma, config: ctx.config, now: ctx.now, actor, correlationId };
}

/** "minHealthyPercentage: must be at most 100; target: is required" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`).join('; ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; denial: GuardDenial };

export function parseActionInput<S extends z.ZodType>(definition: ActionDefinition<S>, raw: unknown): Checked<z.output<S>> {
  const parsed = definition.input.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, denial: { check: 'input', code: 'invalid-input', message: `the ${definition.name} parameters are not valid: ${describeIssues(parsed.error)}` } };
}

/** The preview as it is now; an action that cannot preview (say, an unknown group) refuses with its own words. */
export async function previewNow<S extends z.ZodType>(
  actionCtx: ActionContext,
  definition: ActionDefinition<S>,
  target: string,
  input: z.output<S>,
): Promise<Checked<ActionPreview>> {
  try {
    return { ok: true, value: await definition.preview(actionCtx, { target, input }) };
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return { ok: false, denial: { check: 'preview', code: 'preview-failed', message: error.message } };
  }
}

/** The action's own refusal, named in its preview. */
export function previewRefused(now: ActionPreview): GuardDenial | null {
  if (!now.refusal) return null;
  return { check: 'preview', code: 'preview-refused', message: `refused (${now.refusal.code}): ${now.refusal.message}` };
}

export function previewChanged(now: ActionPreview, confirmedFingerprint: string, whatToDo: string): GuardDenial | null {
  if (now.fingerprint === confirmedFingerprint) return null;
  return { check: 'preview', code: 'preview-changed', message: `what was confirmed no longer holds; it would now: ${now.summary}. ${whatToDo}` };
}

/** Freeze windows, then the cool-down: what time of day and recent history allow. */
export async function timingDenial(ctx: Pick<ApiContext, 'prisma' | 'config' | 'now'>, action: string, target: string, decision: PolicyDecision): Promise<GuardDenial | null> {
  const now = ctx.now();
  const freeze = frozen(activeFreeze(ctx.config.access.freezeWindows, action, target, now));
  if (freeze) return freeze;
  if (decision.coolDownMs === null) return null;
  return coolingDown(coolDownUntil(await lastSucceededAt(ctx.prisma, action, target), decision.coolDownMs, now), decision);
}
