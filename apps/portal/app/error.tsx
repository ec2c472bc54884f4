'use client';

import { Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, PageSection } from '@patternfly/react-core';
import { errorMessage } from '@/trpc/errors';

/** A page that failed to render: say so in the shell, keep the navigation and the freshness bar. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageSection>
      <EmptyState status="danger" titleText="This page failed to render" headingLevel="h1">
        <EmptyStateBody>
          <p>{errorMessage(error)}</p>
          <p>Try again; if it keeps failing, the portal&apos;s server log has the details{error.digest ? ` (look for ${error.digest})` : ''}.</p>
        </EmptyStateBody>
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="primary" onClick={reset}>
              Try again
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}
