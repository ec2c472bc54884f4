import type { AccessConfig, AuthConfig } from '../config.ts';
import type { GuardDenial } from './checks.ts';
import { EVERYONE_GROUP, type Role, roleAtLeast, roleOfGroups, withArticle } from './roles.ts';

/** Who holds which role, as far as the config knows: its local users, and the groups of `access.groups`. */
export interface RoleHolders {
  users: { name: string; role: Role }[];
  groups: { name: string; role: Role }[];
  /** The role every signed-in user has through `*`, if any. */
  everyone: Role | null;
}

export function roleHolders(access: Pick<AccessConfig, 'groups'>, auth: Pick<AuthConfig, 'local'>): RoleHolders {
  const users = auth.local.users.flatMap((user) => {
    const { role } = roleOfGroups(user.groups, access.groups);
    return role ? [{ name: user.name, role }] : [];
  });
  const groups = Object.entries(access.groups)
    .filter(([name]) => name !== EVERYONE_GROUP)
    .map(([name, role]) => ({ name, role }));
  return { users, groups, everyone: access.groups[EVERYONE_GROUP] ?? null };
}

function either(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Who to ask for what needs `role`, in words: "ask ada or grace (group sre-admins)". The people a
 * refused user can turn to, never the config's mechanics.
 */
export function whoHasRole(holders: RoleHolders, role: Role): string {
  if (roleAtLeast(holders.everyone, role)) return 'every signed-in user has it';
  const users = holders.users.filter((u) => roleAtLeast(u.role, role)).map((u) => u.name);
  const groups = holders.groups.filter((g) => roleAtLeast(g.role, role)).map((g) => g.name);
  const groupWords = groups.length === 0 ? '' : `${groups.length === 1 ? 'group' : 'groups'} ${groups.join(', ')}`;
  if (users.length > 0) return `ask ${either(users)}${groupWords ? ` (${groupWords})` : ''}`;
  if (groupWords) return `ask a member of ${groupWords}`;
  return `nobody has it: no group in access.groups maps to ${role}`;
}

export interface RoleRefusalInput {
  need: Role;
  have: Role | null;
  holders: RoleHolders;
  /** What the role is needed for, when it is not the action itself: "to approve". */
  doing?: string;
  /** Why this role is the one needed, in the config's terms, for whoever debugs a policy. */
  detail?: string;
}

/**
 * A refusal for too low a role, in plain words: the role needed, the user's role and who can act,
 * e.g. "admin role needed to approve (you are an operator); ask ada or grace (group sre-admins)".
 */
export function roleRefusal({ need, have, holders, doing, detail }: RoleRefusalInput): GuardDenial {
  const you = have ? `you are ${withArticle(have)}` : 'your groups map to no role';
  const message = `${need} role needed${doing ? ` ${doing}` : ''} (${you}); ${whoHasRole(holders, need)}`;
  return { check: 'role', code: 'role-too-low', message, ...(detail ? { detail } : {}) };
}
