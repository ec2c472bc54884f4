import { z } from 'zod';

/** Ordered from least to most trusted: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: 'must be viewer, operator or admin' });

/** Roles that may act; a viewer never changes anything. */
export type ActingRole = Exclude<Role, 'viewer'>;
export const actingRoleSchema = z.enum(['operator', 'admin'], { error: 'must be operator or admin' });

/** The group that every signed-in user belongs to, in `access.groups`. */
export const EVERYONE_GROUP = '*';

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function roleAtLeast(have: Role | null, need: Role): boolean {
  return have !== null && roleRank(have) >= roleRank(need);
}

export function higherRole<R extends Role>(a: R, b: R): R {
  return roleRank(a) >= roleRank(b) ? a : b;
}

export interface RoleFromGroups {
  role: Role | null;
  /** The group that granted it, to explain the role on the "who am I" panel. */
  grantedBy: string | null;
}

/** The highest role any of a signed-in user's groups maps to, `*` included. */
export function roleOfGroups(groups: readonly string[], mapping: Readonly<Record<string, Role>>): RoleFromGroups {
  let best: RoleFromGroups = { role: null, grantedBy: null };
  for (const group of [...groups, EVERYONE_GROUP]) {
    const role = Object.hasOwn(mapping, group) ? mapping[group] : undefined;
    if (role && (best.role === null || roleRank(role) > roleRank(best.role))) best = { role, grantedBy: group };
  }
  return best;
}

/** "an operator", "an admin", "a viewer": for messages a person reads. */
export function withArticle(role: Role): string {
  return `${role === 'viewer' ? 'a' : 'an'} ${role}`;
}
