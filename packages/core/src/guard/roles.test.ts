import { describe, expect, it } from 'vitest';
import { roleAtLeast, roleOfGroups } from './roles.ts';

const mapping = { 'sre-admins': 'admin', sre: 'operator', '*': 'viewer' } as const;

describe('roles', () => {
  it('orders viewer < operator < admin, and no role is below all of them', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
  });

  it('gives a user the highest role of their groups and says which group granted it', () => {
    expect(roleOfGroups(['sre', 'sre-admins'], mapping)).toEqual({ role: 'admin', grantedBy: 'sre-admins' });
    expect(roleOfGroups(['sre'], mapping)).toEqual({ role: 'operator', grantedBy: 'sre' });
  });

  it('gives every signed-in user the role of *, and nothing without it', () => {
    expect(roleOfGroups([], mapping)).toEqual({ role: 'viewer', grantedBy: '*' });
    expect(roleOfGroups(['sales'], { sre: 'operator' })).toEqual({ role: null, grantedBy: null });
  });

  it('does not take object built-ins for groups', () => {
    expect(roleOfGroups(['constructor', 'toString'], { sre: 'operator' })).toEqual({ role: null, grantedBy: null });
  });
});
