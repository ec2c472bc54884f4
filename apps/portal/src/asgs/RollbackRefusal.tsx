import { Label } from '@patternfly/react-core';
import { BanIcon } from '@patternfly/react-icons';

/** Why AWS would refuse to roll this group's refresh back, said before anyone reaches for the button. */
export function RollbackRefusal({ reason }: { reason: string | null }) {
  if (reason === null) return null;
  return (
    <span data-testid="rollback-refusal">
      <Label color="grey" icon={<BanIcon />} isCompact>
        rollback not possible
      </Label>{' '}
      <span className="pf-v6-u-text-color-subtle">{reason}</span>
    </span>
  );
}
