import { Label, LabelGroup, Tooltip } from '@patternfly/react-core';
import type { LineageFlag } from '@fleet/core';

const FLAGS: Record<LineageFlag, { text: string; color: 'red' | 'orange' | 'grey' | 'purple'; why: string }> = {
  'packer-change-without-ami': {
    text: 'changed packer/ but no new AMI',
    color: 'red',
    why: 'This commit touched packer/, so every worker AMI should have been rebuilt, but none was built at it: did the build job run?',
  },
  'ami-without-packer-change': {
    text: 'new AMI without a packer/ change',
    color: 'orange',
    why: 'AMIs were built at this commit although it did not touch packer/: a manual rebuild, or the packer path in the config is wrong.',
  },
  'incomplete-build': {
    text: 'incomplete build',
    color: 'orange',
    why: 'Some worker types got a new AMI at this commit and others did not: a build failed or is still running.',
  },
  'no-ami': {
    text: 'no AMI',
    color: 'grey',
    why: 'No worker type shown has an AMI that carried this commit: it was neither built nor re-tagged.',
  },
  'not-in-history': {
    text: 'not in history',
    color: 'purple',
    why: 'The commit is known only from AMI tags; the infra repo history the portal read does not contain it (another branch, a force-push, or older than the history depth).',
  },
};

export function RowFlags({ flags }: { flags: LineageFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <LabelGroup numLabels={5} isVertical>
      {flags.map((flag) => (
        <Tooltip key={flag} content={FLAGS[flag].why}>
          <Label color={FLAGS[flag].color} isCompact data-flag={flag}>
            {FLAGS[flag].text}
          </Label>
        </Tooltip>
      ))}
    </LabelGroup>
  );
}
