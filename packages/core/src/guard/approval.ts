import type { GuardDenial } from './checks.ts';
import type { AccessConfig } from '../config.ts';
import type { PolicyDecision } from './policy.ts';
import { type RoleHolders, roleRefusal } from './role-holders.ts';
import { type Role, roleAtLeast } from './roles.ts';
import { formatZoned } from './zoned-time.ts';

export interface ApprovalRequest {
  requestedBy: string;
  state: string;
  /** When the request stops waiting: nobody may approve it after. */
  createdAt: Date;
}

/** Who decides on a request, and what the config says about who else could. */
export interface Decider {
  name: string;
  role: Role | null;
  holders: RoleHolders;
}

/**
 * Whether someone with `role` could approve any four-eyes request the config allows for: only
 * they are shown how many requests wait for them.
 */
export function mayApproveAny(access: Pick<AccessConfig, 'policies' | 'defaultRole'>, role: Role | null): boolean {
  return access.policies.some((policy) => policy.fourEyes && roleAtLeast(role, policy.role ?? access.defaultRole));
}

/** When a request made at `createdAt` stops waiting for approval. */
export function approvalExpiresAt(createdAt: Date, approvalExpiryMs: number): Date {
  return new Date(createdAt.getTime() + approvalExpiryMs);
}

/**
 * Whether `approver` may approve a request waiting for four-eyes: before it expires, a different
 * person, with the role the policy asks of the requester. Null when they may.
 */
export function approvalDenial(request: ApprovalRequest, approver: Decider, decision: PolicyDecision, expiry: { at: Date; now: Date }): GuardDenial | null {
  if (request.state !== 'pending-approval') {
    return { check: 'four-eyes', code: 'not-pending', message: `this request is ${request.state}, not waiting for approval` };
  }
  if (expiry.now >= expiry.at) {
    return {
      check: 'four-eyes',
      code: 'request-expired',
      message: `this request expired at ${formatZoned(expiry.at, 'UTC')}; ${request.requestedBy} can request it again, or anyone with the role can reject it to free the target`,
    };
  }
  if (approver.name === request.requestedBy) {
    return { check: 'four-eyes', code: 'own-request', message: 'you requested this; another person must approve it' };
  }
  return roleTooLowFor(approver, decision, 'to approve');
}

/**
 * Whether `user` may reject a waiting request: the requester may withdraw their own, anyone with
 * the required role may turn it down (expired or not: that is how an expired one frees its target).
 */
export function rejectionDenial(request: ApprovalRequest, user: Decider, decision: PolicyDecision): GuardDenial | null {
  if (request.state !== 'pending-approval') {
    return { check: 'four-eyes', code: 'not-pending', message: `this request is ${request.state}, not waiting for approval` };
  }
  if (user.name === request.requestedBy) return null;
  return roleTooLowFor(user, decision, 'to reject');
}

function roleTooLowFor(user: Decider, decision: PolicyDecision, doing: string): GuardDenial | null {
  if (roleAtLeast(user.role, decision.requiredRole)) return null;
  return roleRefusal({ need: decision.requiredRole, have: user.role, holders: user.holders, doing, detail: decision.explanation });
}
