'use client';

import { Alert, Bullseye, Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Spinner } from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import Link from 'next/link';
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

/** A filtered list that came out empty: what was asked, and the way back to everything. */
export function NoMatchState({ title, onClearAll, children }: { title: string; onClearAll: () => void; children: ReactNode }) {
  return (
    <EmptyState icon={SearchIcon} titleText={title} headingLevel="h2">
      <EmptyStateBody>{children}</EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Button variant="link" onClick={onClearAll}>
            Clear all filters
          </Button>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}

/** A detail page for something the portal has not seen: why, and the way to the list it would be in. */
export function NotFoundState({ title, href, linkText, children }: { title: string; href: string; linkText: string; children: ReactNode }) {
  return (
    <EmptyState icon={SearchIcon} titleText={title} headingLevel="h2">
      <EmptyStateBody>{children}</EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Link href={href}>
            <Button variant="primary" component="span">
              {linkText}
            </Button>
          </Link>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}

/** Above what a page last read, when reading it again failed: the data stays, and so does the reason. */
export function UpdateFailedAlert({ error }: { error: unknown }) {
  return (
    <Alert variant="warning" isInline title="This page could not be updated">
      {errorMessage(error)}. What follows is what it last read; it keeps trying.
    </Alert>
  );
}
