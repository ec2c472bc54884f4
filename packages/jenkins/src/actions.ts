import { z } from 'zod';
import { type ParameterValue } from './jobs.ts';

/** A parameter a build or queue item was given (hudson.model.ParametersAction). */
export interface GivenParameter {
  name: string;
  /** null for a parameter Jenkins does not show (a password, a file). */
  value: ParameterValue;
}

export type CauseKind = 'user' | 'scm' | 'timer' | 'upstream' | 'remote' | 'other';

/** Why a build was started (hudson.model.CauseAction). */
export interface BuildCause {
  kind: CauseKind;
  className: string | null;
  description: string;
  userId: string | null;
  userName: string | null;
  upstream: { project: string; build: number; url: string | null } | null;
}

const parameterValueShape = z.object({
  _class: z.string().optional(),
  name: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});

const causeShape = z.object({
  _class: z.string().optional(),
  shortDescription: z.string().nullable().default(''),
  userId: z.string().nullable().optional(),
  userName: z.string().nullable().optional(),
  upstreamProject: z.string().optional(),
  upstreamBuild: z.number().int().optional(),
  upstreamUrl: z.string().optional(),
  addr: z.string().optional(),
});

/** Causes by their class in Jenkins core and the plugins that trigger builds from source control. */
const CAUSE_KINDS: ReadonlyArray<[RegExp, CauseKind]> = [
  [/Cause\$UserIdCause$|Cause\$UserCause$/, 'user'],
  [/TimerTrigger\$TimerTriggerCause$/, 'timer'],
  [/Cause\$UpstreamCause$|BuildUpstreamCause$/, 'upstream'],
  [/Cause\$RemoteCause$/, 'remote'],
  [/SCMTrigger\$SCMTriggerCause$|GitHubPushCause$|BranchEventCause$|GitLabWebHookCause$|CommitHookCause$/, 'scm'],
];

function kindOf(raw: z.output<typeof causeShape>): CauseKind {
  if (raw._class) return CAUSE_KINDS.find(([pattern]) => pattern.test(raw._class ?? ''))?.[1] ?? (raw.upstreamProject ? 'upstream' : 'other');
  // Controllers before 2.0 sent no _class: the fields tell the kind.
  if (raw.upstreamProject) return 'upstream';
  if (raw.userId !== undefined || raw.userName !== undefined) return 'user';
  if (raw.addr) return 'remote';
  return 'other';
}

function toCause(raw: z.output<typeof causeShape>): BuildCause {
  const upstream =
    raw.upstreamProject !== undefined && raw.upstreamBuild !== undefined ? { project: raw.upstreamProject, build: raw.upstreamBuild, url: raw.upstreamUrl ?? null } : null;
  return { kind: kindOf(raw), className: raw._class ?? null, description: raw.shortDescription ?? '', userId: raw.userId ?? null, userName: raw.userName ?? null, upstream };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Other actions may carry fields of these names; only the ones Jenkins names so (or unnamed, before 2.0) are read. */
function isAction(action: Record<string, unknown>, field: string, classSuffix: string): boolean {
  if (!(field in action)) return false;
  return typeof action._class !== 'string' || action._class.endsWith(classSuffix);
}

function readAction<T>(action: Record<string, unknown>, index: number, field: string, shape: z.ZodType<T>, ctx: z.RefinementCtx): T[] {
  const parsed = z.array(shape).safeParse(action[field]);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [index, field, ...issue.path] });
  return [];
}

/**
 * The parameters and causes among a build's or queue item's actions. The array also holds `{}` for
 * every action without an exported bean, and plugins' actions of any shape; those are passed over.
 */
export const actionsShape = z
  .array(z.unknown())
  .default([])
  .transform((actions, ctx) => {
    const parameters: GivenParameter[] = [];
    const causes: BuildCause[] = [];
    actions.forEach((action, index) => {
      if (!isRecord(action)) return;
      if (isAction(action, 'parameters', 'ParametersAction')) {
        for (const p of readAction(action, index, 'parameters', parameterValueShape, ctx)) parameters.push({ name: p.name, value: p.value ?? null });
      }
      if (isAction(action, 'causes', 'CauseAction')) {
        for (const c of readAction(action, index, 'causes', causeShape, ctx)) causes.push(toCause(c));
      }
    });
    return { parameters, causes };
  });

/**
 * The parameters in a queue item's `params`, "\na=1\nb=2": only for items whose actions were not sent.
 * A value with a newline in it cannot be told from the next parameter here.
 */
export function parseQueueParams(params: string): GivenParameter[] {
  return params
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => {
      const eq = line.indexOf('=');
      return { name: line.slice(0, eq), value: line.slice(eq + 1) };
    });
}

/** Whether a build or queue item was given `name` = `value`, compared as Jenkins prints it. */
export function hasParameter(item: { parameters: readonly GivenParameter[] }, name: string, value: string): boolean {
  return item.parameters.some((p) => p.name === name && p.value !== null && String(p.value) === value);
}
