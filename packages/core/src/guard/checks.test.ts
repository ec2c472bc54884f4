import { describe, expect, it } from 'vitest';
import { approvalDenial, rejectionDenial } from './approval.ts';
import { firstFailure, GUARD_CHECKS, standingChecks, type StandingCheckInput } from './checks.ts';
import type { PolicyDecision } from './policy.ts';

const operatorNeeded: PolicyDecision = { requiredRole: 'operator', fourEyes: false, coolDownMs: null, policy: null, explanation: 'no policy matches' };
const adminFourEyes: PolicyDecision = { ...operatorNeeded, requiredRole: 'admin', fourEyes: true };

const clear: StandingCheckInput = { signedIn: true, role: 'operator', target: 'pool-a', decision: operatorNeeded, inFlight: null, freeze: null, coolDownUntil: null };

describe('the guard’s checks as data', () => {
  it('lists the checks in the order the guard makes them', () => {
    expect(GUARD_CHECKS.map((c) => c.check)).toEqual([
      'authenticated', 'role', 'input', 'preview', 'confirmation', 'reason', 'in-flight', 'idempotency', 'freeze', 'cool-down', 'four-eyes',
    ]);
  });

  it('pass for an operator with nothing in the way', () => {
    expect(firstFailure(standingChecks(clear))).toBeNull();
  });

  it('tell a viewer which role is needed', () => {
    expect(firstFailure(standingChecks({ ...clear, role: 'viewer' }))).toMatchObject({
      check: 'role',
      code: 'role-too-low',
      message: expect.stringMatching(/^operator role needed \(you are a viewer\)/),
    });
  });

  it('say first what the guard would say first: not signed in before frozen', () => {
    const results = standingChecks({ ...clear, signedIn: false, role: null, freeze: { window: 'release freeze', until: new Date('2026-12-01T18:00:00Z'), untilText: '2026-12-01 18:00 UTC' } });
    expect(firstFailure(results)?.check).toBe('authenticated');
    expect(results.find((r) => r.check === 'freeze')).toMatchObject({ status: 'fail', message: "frozen until 2026-12-01 18:00 UTC by 'release freeze'" });
  });

  it('name the action that holds the target', () => {
    const results = standingChecks({ ...clear, inFlight: { id: 'j1', action: 'asg.refresh.start', state: 'running', requestedBy: 'ada' } });
    expect(firstFailure(results)?.message).toBe('asg.refresh.start requested by ada is running on pool-a; wait for it to finish (action j1)');
  });

  it('note, without refusing, that an action waits for approval', () => {
    const results = standingChecks({ ...clear, role: 'admin', decision: adminFourEyes });
    expect(firstFailure(results)).toBeNull();
    expect(results.at(-1)).toMatchObject({ check: 'four-eyes', status: 'note', message: 'waits for a second admin’s approval before it runs' });
  });
});

describe('four-eyes approval', () => {
  const waiting = { requestedBy: 'ada', state: 'pending-approval' };

  it('never lets the requester approve their own request', () => {
    expect(approvalDenial(waiting, 'ada', 'admin', adminFourEyes)).toMatchObject({ code: 'own-request' });
  });

  it('lets a different person with the required role approve, not one without', () => {
    expect(approvalDenial(waiting, 'grace', 'admin', adminFourEyes)).toBeNull();
    expect(approvalDenial(waiting, 'oscar', 'operator', adminFourEyes)).toMatchObject({ code: 'role-too-low', message: 'admin role needed to approve (you are an operator)' });
  });

  it('refuses to approve what no longer waits', () => {
    expect(approvalDenial({ ...waiting, state: 'cancelled' }, 'grace', 'admin', adminFourEyes)).toMatchObject({ code: 'not-pending' });
  });

  it('lets the requester withdraw, and others reject only with the role', () => {
    expect(rejectionDenial(waiting, 'ada', 'operator', adminFourEyes)).toBeNull();
    expect(rejectionDenial(waiting, 'grace', 'admin', adminFourEyes)).toBeNull();
    expect(rejectionDenial(waiting, 'alice', 'viewer', adminFourEyes)).toMatchObject({ code: 'role-too-low' });
  });
});
