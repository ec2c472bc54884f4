import { Label } from '@patternfly/react-core';
import { CloudIcon } from '@patternfly/react-icons';
import type { AuditSource } from './useAuditFilter';

export const SOURCE_WORDS: Record<AuditSource, string> = { portal: 'in the portal', cloudtrail: 'outside the portal' };

/** Marks a change made outside the portal (seen in CloudTrail); the portal's own attempts carry no label. */
export function SourceLabel({ source }: { source: string }) {
  if (source !== 'cloudtrail') return <span>{SOURCE_WORDS.portal}</span>;
  return (
    <Label color="purple" icon={<CloudIcon />} isCompact title="Made in AWS directly, not through the portal: read from CloudTrail" data-source="cloudtrail">
      outside the portal
    </Label>
  );
}
