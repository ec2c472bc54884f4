'use client';

import { Alert, PageSection } from '@patternfly/react-core';
import Link from 'next/link';
import { usePendingApprovals } from './usePendingApprovals';

/** A nudge on other pages: a four-eyes request does nothing until someone looks at it. */
export function PendingApprovalsNotice() {
  const pending = usePendingApprovals();
  const count = pending.data?.length ?? 0;
  if (count === 0) return null;
  const mine = pending.data?.filter((p) => p.canApprove).length ?? 0;
  return (
    <PageSection padding={{ default: 'noPadding' }} className="pf-v6-u-px-lg">
      <Alert
        variant="info"
        isInline
        title={`${count} request${count === 1 ? ' waits' : 's wait'} for a second person’s approval${mine > 0 ? `; you can approve ${mine === count ? (count === 1 ? 'it' : 'them') : mine}` : ''}`}
        actionLinks={<Link href="/approvals">Review pending approvals</Link>}
      />
    </PageSection>
  );
}
