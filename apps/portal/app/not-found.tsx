'use client';

import { EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, PageSection } from '@patternfly/react-core';
import Link from 'next/link';

export default function NotFound() {
  return (
    <PageSection>
      <EmptyState titleText="No such page" headingLevel="h1">
        <EmptyStateBody>The portal has no page at this address. The overview lists every worker type; the lineage finds any commit or AMI.</EmptyStateBody>
        <EmptyStateFooter>
          <EmptyStateActions>
            <Link href="/">Overview</Link>
            <Link href="/lineage">AMI lineage</Link>
          </EmptyStateActions>
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}
