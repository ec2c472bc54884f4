'use client';

import { Bullseye, Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Spinner } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { errorMessage } from '@/trpc/errors';

export function LoadingState({ what }: { what: string }) {
  return (
    <Bullseye className="pf-v6-u-p-xl">
      <Spinner size="lg" aria-label={`Loading ${what}`} />
      <span className="pf-v6-u-ml-md">Loading {what}…</span>
    </Bullseye>
  );
}

interface ErrorStateProps {
  what: string;
  error: unknown;
  onRetry: () => void;
  /** What a person can do about it, beyond trying again. */
  advice?: ReactNode;
}

export function ErrorState({ what, error, onRetry, advice }: ErrorStateProps) {
  return (
    <EmptyState status="danger" titleText={`Cannot load ${what}`} headingLevel="h2">
      <EmptyStateBody>
        <p>{errorMessage(error)}</p>
        <p>
          {advice ??
            'The portal reads its own database, not AWS: check that the portal can reach PostgreSQL (DATABASE_URL) and try again.'}
        </p>
      </EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Button variant="primary" onClick={onRetry}>
            Try again
          </Button>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}
