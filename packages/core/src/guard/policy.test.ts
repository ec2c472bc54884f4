import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../config.ts';
import { globMatches } from './glob.ts';
import { policyFor } from './policy.ts';

function access(policies: AccessConfig['policies']): AccessConfig {
  return { groups: { '*': 'viewer' }, defaultRole: 'operator', reasonMinLength: 10, approvalExpiry: 86_400_000, policies, freezeWindows: [] };
}

const refresh = { name: 'asg.refresh.start', minimumRole: 'operator' } as const;
const prodPolicy = { action: 'asg.refresh.start', target: 'ci-int-*-prod*', role: 'admin', fourEyes: true, coolDown: 1_800_000 } as const;

describe('glob patterns', () => {
  it('match * over any run, ? over one character, everything else literally', () => {
    expect(globMatches('ci-int-*-prod*', 'ci-int-jenkins-prod-1')).toBe(true);
    expect(globMatches('ci-int-*-prod*', 'ci-int-jenkins-stage')).toBe(false);
    expect(globMatches('asg.refresh.?', 'asg.refresh.x')).toBe(true);
    expect(globMatches('asg.refresh', 'asgXrefresh')).toBe(false);
  });
});

describe('policyFor', () => {
  it('falls back to the default role and says so when no policy matches', () => {
    const decision = policyFor(access([prodPolicy]), refresh, 'ci-int-jenkins-worker-rhel8-builder');
    expect(decision).toMatchObject({ requiredRole: 'operator', fourEyes: false, coolDownMs: null, policy: null });
    expect(decision.explanation).toContain('no policy matches asg.refresh.start on ci-int-jenkins-worker-rhel8-builder');
  });

  it('lets the most specific target pattern win over a broader one, wherever it sits in the file', () => {
    const decision = policyFor(
      access([{ action: 'asg.*', target: '*', role: 'operator', fourEyes: false }, prodPolicy, { action: 'asg.refresh.start', target: 'ci-int-*', fourEyes: false }]),
      refresh,
      'ci-int-app-prod',
    );
    expect(decision).toMatchObject({ requiredRole: 'admin', fourEyes: true, coolDownMs: 1_800_000, policy: { index: 1 } });
    expect(decision.explanation).toMatch(/access\.policies\[1\].*the most specific of 3 matching policies/);
  });

  it('prefers an exact action over an action pattern before comparing targets', () => {
    const decision = policyFor(
      access([{ action: 'asg.*', target: 'ci-int-app-prod', role: 'admin', fourEyes: true }, { action: 'asg.refresh.start', target: '*', role: 'operator', fourEyes: false }]),
      refresh,
      'ci-int-app-prod',
    );
    expect(decision.policy?.index).toBe(1);
  });

  it('takes the first of equally specific policies', () => {
    const decision = policyFor(
      access([{ action: 'asg.refresh.start', target: 'ci-*', role: 'admin', fourEyes: false }, { action: 'asg.refresh.start', target: '*-x', role: 'operator', fourEyes: false }]),
      refresh,
      'ci-x',
    );
    expect(decision.policy?.index).toBe(0);
  });

  it('never lets config lower the role the action itself asks for', () => {
    const decision = policyFor(access([{ action: '*', target: '*', role: 'operator', fourEyes: false }]), { name: 'clouds.resync', minimumRole: 'admin' }, 'main');
    expect(decision.requiredRole).toBe('admin');
    expect(decision.explanation).toContain('the action itself needs at least admin');
  });
});
