import { Label, LabelGroup, Tooltip } from '@patternfly/react-core';
import type { LineageFlag } from '@fleet/core';

const FLAGS: Record<LineageFlag, { text: string; color: 'red' | 'orange' | 'grey' | 'purple'; why: string }> = {
  'packer-change-without-ami': {
    text: 'packer/ changed, no AMI',
    color: 'red',
    why: 'Changed packer/ but no new AMI: every worker AMI should have been rebuilt at this commit, but none was. Did the build job run?',
  },
  'ami-without-packer-change': {
    text: 'unexpected build',
    color: 'orange',
    why: 'New AMIs without a packer/ change: AMIs were built at this commit although it did not touch packer/. A manual rebuild, or the packer path in the config is wrong.',
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
    <LabelGroup numLabels={5} className="pf-v6-u-mt-xs" aria-label="Flags">
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
