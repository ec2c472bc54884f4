import { describe, expect, it } from 'vitest';
import { approvalDenial, approvalExpiresAt, rejectionDenial } from './approval.ts';
import { firstFailure, GUARD_CHECKS, standingChecks, type StandingCheckInput } from './checks.ts';
import type { PolicyDecision } from './policy.ts';
import { roleHolders } from './role-holders.ts';

const operatorNeeded: PolicyDecision = { requiredRole: 'operator', fourEyes: false, coolDownMs: null, policy: null, explanation: 'no policy matches' };
const adminFourEyes: PolicyDecision = { ...operatorNeeded, requiredRole: 'admin', fourEyes: true };

const holders = roleHolders(
  { groups: { 'sre-admins': 'admin', sre: 'operator', '*': 'viewer' } },
  { local: { users: [{ name: 'alice', groups: [] }, { name: 'oscar', groups: ['sre'] }, { name: 'ada', groups: ['sre-admins'] }, { name: 'grace', groups: ['sre-admins'] }] } as never },
);
const clear: StandingCheckInput = { signedIn: true, role: 'operator', holders, target: 'pool-a', decision: operatorNeeded, inFlight: null, freeze: null, coolDownUntil: null };

describe('the guard’s checks as data', () => {
  it('lists the checks in the order the guard makes them', () => {
    expect(GUARD_CHECKS.map((c) => c.check)).toEqual([
      'authenticated', 'role', 'input', 'preview', 'confirmation', 'reason', 'in-flight', 'idempotency', 'freeze', 'cool-down', 'four-eyes',
    ]);
  });

  it('pass for an operator with nothing in the way', () => {
    expect(firstFailure(standingChecks(clear))).toBeNull();
  });

  it('tell a viewer in plain words the role needed, their role and who can act, the policy as the detail', () => {
    expect(firstFailure(standingChecks({ ...clear, role: 'viewer' }))).toMatchObject({
      check: 'role',
      code: 'role-too-low',
      message: 'operator role needed (you are a viewer); ask oscar, ada or grace (groups sre-admins, sre)',
      detail: 'no policy matches',
    });
  });

  it('name only the people with the role needed, or the groups where the config lists no users', () => {
    expect(firstFailure(standingChecks({ ...clear, decision: adminFourEyes }))?.message).toBe('admin role needed (you are an operator); ask ada or grace (group sre-admins)');
    const proxied = roleHolders({ groups: { 'sre-admins': 'admin' } }, { local: { users: [] } } as never);
    expect(firstFailure(standingChecks({ ...clear, holders: proxied, decision: adminFourEyes }))?.message).toBe('admin role needed (you are an operator); ask a member of group sre-admins');
    const none = roleHolders({ groups: { sre: 'operator' } }, { local: { users: [] } } as never);
    expect(firstFailure(standingChecks({ ...clear, holders: none, decision: adminFourEyes }))?.message).toBe('admin role needed (you are an operator); nobody has it: no group in access.groups maps to admin');
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
  const createdAt = new Date('2026-12-07T10:00:00Z');
  const waiting = { requestedBy: 'ada', state: 'pending-approval', createdAt };
  const expiry = { at: approvalExpiresAt(createdAt, 3_600_000), now: new Date('2026-12-07T10:30:00Z') };
  const as = (name: string, role: 'viewer' | 'operator' | 'admin') => ({ name, role, holders });

  it('never lets the requester approve their own request', () => {
    expect(approvalDenial(waiting, as('ada', 'admin'), adminFourEyes, expiry)).toMatchObject({ code: 'own-request' });
  });

  it('lets a different person with the required role approve, not one without, and says who could', () => {
    expect(approvalDenial(waiting, as('grace', 'admin'), adminFourEyes, expiry)).toBeNull();
    expect(approvalDenial(waiting, as('oscar', 'operator'), adminFourEyes, expiry)).toMatchObject({
      code: 'role-too-low',
      message: 'admin role needed to approve (you are an operator); ask ada or grace (group sre-admins)',
    });
  });

  it('refuses to approve what no longer waits', () => {
    expect(approvalDenial({ ...waiting, state: 'cancelled' }, as('grace', 'admin'), adminFourEyes, expiry)).toMatchObject({ code: 'not-pending' });
  });

  it('refuses to approve a request past its expiry, and says when it expired', () => {
    expect(approvalDenial(waiting, as('grace', 'admin'), adminFourEyes, { ...expiry, now: new Date('2026-12-07T11:00:00Z') })).toMatchObject({
      code: 'request-expired',
      message: expect.stringMatching(/^this request expired at 2026-12-07 11:00 UTC; ada can request it again/),
    });
  });

  it('lets the requester withdraw, and others reject only with the role', () => {
    expect(rejectionDenial(waiting, as('ada', 'operator'), adminFourEyes)).toBeNull();
    expect(rejectionDenial(waiting, as('grace', 'admin'), adminFourEyes)).toBeNull();
    expect(rejectionDenial(waiting, as('alice', 'viewer'), adminFourEyes)).toMatchObject({ code: 'role-too-low', message: expect.stringContaining('admin role needed to reject (you are a viewer)') });
  });
});
