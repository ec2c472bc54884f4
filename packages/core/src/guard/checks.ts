import type { FreezeHit } from './freeze.ts';
import type { PolicyDecision } from './policy.ts';
import { type RoleHolders, roleRefusal } from './role-holders.ts';
import { type Role, roleAtLeast, withArticle } from './roles.ts';
import { formatZoned } from './zoned-time.ts';

/** Every check the guard makes before an action runs, in the order it makes them. */
export const GUARD_CHECKS = [
  { check: 'authenticated', title: 'Signed in' },
  { check: 'role', title: 'Role allows it on this target' },
  { check: 'input', title: 'Valid request' },
  { check: 'preview', title: 'The confirmed preview still holds' },
  { check: 'confirmation', title: 'Target’s name typed' },
  { check: 'reason', title: 'Reason given' },
  { check: 'in-flight', title: 'No other action in flight on the target' },
  { check: 'idempotency', title: 'Not a repeat of an earlier request' },
  { check: 'freeze', title: 'Outside freeze windows' },
  { check: 'cool-down', title: 'Cool-down over' },
  { check: 'four-eyes', title: 'Second person’s approval' },
] as const;

export type GuardCheck = (typeof GUARD_CHECKS)[number]['check'];

export type GuardDenialCode =
  | 'not-signed-in'
  | 'role-too-low'
  | 'unknown-action'
  | 'invalid-input'
  | 'preview-failed'
  | 'preview-refused'
  | 'preview-changed'
  | 'confirmation-mismatch'
  | 'reason-too-short'
  | 'target-busy'
  | 'idempotency-key-reused'
  | 'frozen'
  | 'cooling-down'
  | 'own-request'
  | 'request-expired'
  | 'not-pending'
  | 'not-found'
  | 'too-many-attempts';

/** Why the guard refused: the check, a stable code for programs, and a sentence for people. */
export interface GuardDenial {
  check: GuardCheck;
  code: GuardDenialCode;
  message: string;
  /** The config's reasons behind the message (which policy decided), for whoever debugs the config. */
  detail?: string;
  /** When the same request could pass this check, if that is known (freeze, cool-down). */
  retryAt?: Date;
}

/** An action that holds the target now. */
export interface InFlightAction {
  /** The journal row's id. */
  id: string;
  action: string;
  state: string;
  requestedBy: string;
}

export function notSignedIn(detail?: string): GuardDenial {
  return { check: 'authenticated', code: 'not-signed-in', message: `sign in to act${detail ? ` (${detail})` : ''}` };
}

export function roleTooLow(decision: PolicyDecision, have: Role | null, holders: RoleHolders): GuardDenial | null {
  if (roleAtLeast(have, decision.requiredRole)) return null;
  return roleRefusal({ need: decision.requiredRole, have, holders, detail: decision.explanation });
}

export function targetBusy(target: string, inFlight: InFlightAction | null): GuardDenial | null {
  if (!inFlight) return null;
  const doing = inFlight.state === 'pending-approval' ? 'awaits approval' : `is ${inFlight.state}`;
  return {
    check: 'in-flight',
    code: 'target-busy',
    message: `${inFlight.action} requested by ${inFlight.requestedBy} ${doing} on ${target}; wait for it to finish (action ${inFlight.id})`,
  };
}

export function frozen(hit: FreezeHit | null): GuardDenial | null {
  if (!hit) return null;
  return { check: 'freeze', code: 'frozen', message: `frozen until ${hit.untilText} by '${hit.window}'`, retryAt: hit.until };
}

export function coolingDown(until: Date | null, decision: PolicyDecision): GuardDenial | null {
  if (!until) return null;
  const minutes = Math.round((decision.coolDownMs ?? 0) / 60_000);
  return {
    check: 'cool-down',
    code: 'cooling-down',
    message: `cooling down until ${formatZoned(until, 'UTC')} (${minutes} min after the last successful run on this target)`,
    retryAt: until,
  };
}

export function reasonTooShort(reason: string, minLength: number): GuardDenial | null {
  if (reason.trim().length >= minLength) return null;
  return { check: 'reason', code: 'reason-too-short', message: `give a reason of at least ${minLength} characters; it goes into the audit trail` };
}

export function confirmationMismatch(typed: string, target: string): GuardDenial | null {
  if (typed === target) return null;
  return { check: 'confirmation', code: 'confirmation-mismatch', message: `type the target’s name, ${target}, exactly to confirm` };
}

export interface StandingCheckInput {
  signedIn: boolean;
  role: Role | null;
  holders: RoleHolders;
  target: string;
  decision: PolicyDecision;
  inFlight: InFlightAction | null;
  freeze: FreezeHit | null;
  coolDownUntil: Date | null;
}

export interface CheckResult {
  check: GuardCheck;
  title: string;
  /** `note`: not a refusal, something the user should know (e.g. it will wait for approval). */
  status: 'pass' | 'fail' | 'note';
  message: string;
  detail?: string;
  code?: GuardDenialCode;
  retryAt?: Date;
}

function titleOf(check: GuardCheck): string {
  return GUARD_CHECKS.find((c) => c.check === check)?.title ?? check;
}

function result(check: GuardCheck, denial: GuardDenial | null, passMessage: string, passDetail?: string): CheckResult {
  if (!denial) return { check, title: titleOf(check), status: 'pass', message: passMessage, ...(passDetail ? { detail: passDetail } : {}) };
  return {
    check,
    title: titleOf(check),
    status: 'fail',
    message: denial.message,
    code: denial.code,
    ...(denial.detail ? { detail: denial.detail } : {}),
    ...(denial.retryAt ? { retryAt: denial.retryAt } : {}),
  };
}

/**
 * The checks that hold before anyone fills in a form, in the guard's order, so a page can
 * disable a button and say why ("operator role needed", "frozen until … by 'release freeze'").
 */
export function standingChecks(input: StandingCheckInput): CheckResult[] {
  const four: CheckResult = input.decision.fourEyes
    ? { check: 'four-eyes', title: titleOf('four-eyes'), status: 'note', message: `waits for a second ${input.decision.requiredRole}’s approval before it runs` }
    : { check: 'four-eyes', title: titleOf('four-eyes'), status: 'pass', message: 'runs without a second approval' };
  return [
    result('authenticated', input.signedIn ? null : notSignedIn(), 'signed in'),
    result(
      'role',
      roleTooLow(input.decision, input.role, input.holders),
      `${input.decision.requiredRole} role needed${input.role ? ` (you are ${withArticle(input.role)})` : ''}`,
      input.decision.explanation,
    ),
    result('in-flight', targetBusy(input.target, input.inFlight), 'nothing else runs on this target'),
    result('freeze', frozen(input.freeze), 'no freeze window in force'),
    result('cool-down', coolingDown(input.coolDownUntil, input.decision), 'no cool-down in force'),
    four,
  ];
}

/** The first refusal, which is the one the guard would give. */
export function firstFailure(results: readonly CheckResult[]): CheckResult | null {
  return results.find((r) => r.status === 'fail') ?? null;
}
