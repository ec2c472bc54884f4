import { errorMessage } from './errors';

/** What the guard attaches to a refusal (packages/api trpc.ts errorFormatter): which step refused and when to retry. */
export interface GuardRefusalData {
  check: string;
  code: string;
  retryAt: Date | string | null;
  /** The config's reasons behind the refusal, for whoever debugs a policy. */
  detail?: string | null;
}

export function guardRefusalOf(error: unknown): GuardRefusalData | null {
  if (!error || typeof error !== 'object' || !('data' in error)) return null;
  const guard = (error as { data?: { guard?: unknown } | null }).data?.guard;
  if (!guard || typeof guard !== 'object' || !('code' in guard)) return null;
  return guard as GuardRefusalData;
}

/** The guard's message is written for people; a retry time is added when the refusal has one. */
export function refusalMessage(error: unknown): string {
  const message = errorMessage(error);
  const retryAt = guardRefusalOf(error)?.retryAt;
  if (!retryAt) return message;
  const at = new Date(retryAt);
  return Number.isNaN(at.getTime()) ? message : `${message} (try again after ${at.toLocaleString()})`;
}
