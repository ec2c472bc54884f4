import { Label } from '@patternfly/react-core';
import type { Role } from '@fleet/core';

const COLORS = { viewer: 'grey', operator: 'blue', admin: 'purple' } as const satisfies Record<Role, string>;

const MEANING: Record<Role, string> = {
  viewer: 'reads the fleet',
  operator: 'reads and acts on the fleet',
  admin: 'acts on production pools and approves four-eyes requests',
};

/** A role as a word and a colour, with what it may do on hover. */
export function RoleLabel({ role }: { role: Role | null }) {
  if (!role) {
    return (
      <Label color="red" isCompact title="none of this user’s groups maps to a role in access.groups">
        no role
      </Label>
    );
  }
  return (
    <Label color={COLORS[role]} isCompact title={MEANING[role]}>
      {role}
    </Label>
  );
}
