import type { AccessPolicy } from '../access-config.ts';
import type { AccessConfig } from '../config.ts';
import { compareSpecificity, globMatches } from './glob.ts';
import { type ActingRole, higherRole } from './roles.ts';

export interface PolicyDecision {
  requiredRole: ActingRole;
  fourEyes: boolean;
  coolDownMs: number | null;
  /** The policy that decided, with its place in `access.policies` (0-based), or null for the defaults. */
  policy: (AccessPolicy & { index: number }) | null;
  /** One sentence a person can check against the config file. */
  explanation: string;
}

export interface ActionRequirement {
  name: string;
  /** The least role the action's own code allows; config can raise it, never lower it. */
  minimumRole: ActingRole;
}

function describePolicy(policy: AccessPolicy & { index: number }): string {
  return `access.policies[${policy.index}] (action "${policy.action}", target "${policy.target}")`;
}

/**
 * The policy that governs `action` on `target`: of the policies whose action and target patterns
 * both match, the one with the most specific action pattern, then the most specific target
 * pattern, then the first in the file. The required role is the higher of the policy's (or
 * `defaultRole`) and the action's own minimum, so a config typo can never make an action easier.
 */
export function policyFor(access: AccessConfig, action: ActionRequirement, target: string): PolicyDecision {
  const matching = access.policies
    .map((policy: AccessPolicy, index: number) => ({ ...policy, index }))
    .filter((policy) => globMatches(policy.action, action.name) && globMatches(policy.target, target))
    .sort((a, b) => compareSpecificity(a.action, b.action) || compareSpecificity(a.target, b.target) || a.index - b.index);
  const policy = matching[0] ?? null;
  const configured = policy?.role ?? access.defaultRole;
  const requiredRole = higherRole(configured, action.minimumRole);
  const parts: string[] = [];
  if (policy) {
    const others = matching.length - 1;
    parts.push(`${describePolicy(policy)} applies${others > 0 ? `, the most specific of ${matching.length} matching policies` : ''}`);
    if (!policy.role) parts.push(`it names no role, so access.defaultRole (${access.defaultRole}) applies`);
  } else {
    parts.push(`no policy matches ${action.name} on ${target}, so access.defaultRole (${access.defaultRole}) applies`);
  }
  if (requiredRole !== configured) parts.push(`the action itself needs at least ${action.minimumRole}`);
  parts.push(
    `${requiredRole} role needed` +
      (policy?.fourEyes ? ', with a second person’s approval' : '') +
      (policy?.coolDown ? `, ${Math.round(policy.coolDown / 60_000)} min cool-down` : ''),
  );
  return {
    requiredRole,
    fourEyes: policy?.fourEyes ?? false,
    coolDownMs: policy?.coolDown ?? null,
    policy,
    explanation: parts.join('; '),
  };
}
