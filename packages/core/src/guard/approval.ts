import type { GuardDenial } from './checks.ts';
import type { PolicyDecision } from './policy.ts';
import { type Role, roleAtLeast, withArticle } from './roles.ts';

export interface ApprovalRequest {
  requestedBy: string;
  state: string;
}

/**
 * Whether `approver` may approve a request waiting for four-eyes: a different person, with the
 * role the policy asks of the requester. Null when they may.
 */
export function approvalDenial(request: ApprovalRequest, approver: string, approverRole: Role | null, decision: PolicyDecision): GuardDenial | null {
  if (request.state !== 'pending-approval') {
    return { check: 'four-eyes', code: 'not-pending', message: `this request is ${request.state}, not waiting for approval` };
  }
  if (approver === request.requestedBy) {
    return { check: 'four-eyes', code: 'own-request', message: 'you requested this; another person must approve it' };
  }
  if (!roleAtLeast(approverRole, decision.requiredRole)) {
    const you = approverRole ? `you are ${withArticle(approverRole)}` : 'your groups map to no role';
    return { check: 'role', code: 'role-too-low', message: `${decision.requiredRole} role needed to approve (${you})` };
  }
  return null;
}

/**
 * Whether `user` may reject a waiting request: the requester may withdraw their own, anyone with
 * the required role may turn it down.
 */
export function rejectionDenial(request: ApprovalRequest, user: string, role: Role | null, decision: PolicyDecision): GuardDenial | null {
  if (request.state !== 'pending-approval') {
    return { check: 'four-eyes', code: 'not-pending', message: `this request is ${request.state}, not waiting for approval` };
  }
  if (user === request.requestedBy || roleAtLeast(role, decision.requiredRole)) return null;
  const you = role ? `you are ${withArticle(role)}` : 'your groups map to no role';
  return { check: 'role', code: 'role-too-low', message: `${decision.requiredRole} role needed to reject (${you})` };
}
