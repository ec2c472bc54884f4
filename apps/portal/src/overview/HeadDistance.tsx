import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationTriangleIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';

/** How far the newest AMI of a worker type is from the infra repo's head commit. */
export function HeadDistance({ behind, hasAmi }: { behind: number | null; hasAmi: boolean }) {
  if (!hasAmi) return <Label color="grey">no AMI</Label>;
  if (behind === null) {
    return (
      <Label color="grey" icon={<OutlinedQuestionCircleIcon />} title="Its commit is not in the infra repo history the portal read">
        unknown
      </Label>
    );
  }
  if (behind === 0) {
    return (
      <Label color="green" icon={<CheckCircleIcon />}>
        at head
      </Label>
    );
  }
  return (
    <Label color="orange" icon={<ExclamationTriangleIcon />} title="The head commit has not been built or re-tagged for this worker type yet">
      {behind} {behind === 1 ? 'commit' : 'commits'} behind
    </Label>
  );
}
