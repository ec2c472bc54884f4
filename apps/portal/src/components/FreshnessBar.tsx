'use client';

import { Alert, Flex, FlexItem, Skeleton } from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '@/trpc/errors';
import { useTRPC } from '@/trpc/client';
import type { SourceFreshness } from '@/trpc/types';
import { FreshnessStateLabel } from './FreshnessLabel';
import { formatAbsolute, RelativeTime } from './RelativeTime';

function SourceLabel({ source }: { source: SourceFreshness }) {
  const title = source.lastSuccessAt ? `last good sync ${formatAbsolute(source.lastSuccessAt)}` : 'no good sync yet';
  return (
    <span title={title} className="fp-freshness__source" data-source={source.key}>
      <FreshnessStateLabel state={source.state}>
        <span className="fp-freshness__name">{source.label}</span>{' '}
      </FreshnessStateLabel>{' '}
      <small className="fp-freshness__age">
        <RelativeTime at={source.lastSuccessAt} never="no data yet" />
      </small>
    </span>
  );
}

function FailingSourceAlert({ source }: { source: SourceFreshness }) {
  const error = source.lastError;
  return (
    <Alert isInline variant="danger" title={`${source.label} is failing`} className="fp-freshness__alert">
      <p>
        {error ? (
          <>
            <code>{error.code}</code> {error.message}
          </>
        ) : (
          'The last sync failed without an error message.'
        )}
        {source.consecutiveFailures > 1 && ` (${source.consecutiveFailures} attempts in a row)`}
      </p>
      <p>
        {source.lastSuccessAt ? (
          <>
            The data shown is the last good data from <RelativeTime at={source.lastSuccessAt} withAbsolute />.
          </>
        ) : (
          'Nothing has been read from this source yet, so what depends on it is missing.'
        )}
      </p>
    </Alert>
  );
}

function StaleSourceAlert({ source }: { source: SourceFreshness }) {
  return (
    <Alert isInline variant="warning" title={`${source.label} is stale`} className="fp-freshness__alert">
      It syncs every {Math.round(source.intervalMs / 1000)} s but last succeeded <RelativeTime at={source.lastSuccessAt} withAbsolute />: check
      that the worker process is running.
    </Alert>
  );
}

/** How current the data on every page is: each source's state, its age, and why it fails. */
export function FreshnessBar() {
  const trpc = useTRPC();
  const sources = useQuery(trpc.sources.list.queryOptions());
  if (sources.isPending) return <Skeleton width="60%" screenreaderText="Loading the sources' freshness" />;
  if (sources.isError) {
    return (
      <Alert isInline variant="danger" title="The portal cannot read its database">
        {errorMessage(sources.error)}. Pages show nothing until it answers again; check DATABASE_URL and that PostgreSQL is up.
      </Alert>
    );
  }
  if (sources.data.length === 0) {
    return (
      <Alert isInline variant="info" title="No source has synced yet">
        The sync worker has not recorded any source: start it (npm run worker) or wait for its first pass.
      </Alert>
    );
  }
  return (
    <div className="fp-freshness" aria-label="Data freshness">
      <Flex spaceItems={{ default: 'spaceItemsMd' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <strong>Data sources</strong>
        </FlexItem>
        {sources.data.map((source) => (
          <FlexItem key={source.key}>
            <SourceLabel source={source} />
          </FlexItem>
        ))}
      </Flex>
      {sources.data
        .filter((s) => s.state === 'failing')
        .map((s) => (
          <FailingSourceAlert key={s.key} source={s} />
        ))}
      {sources.data
        .filter((s) => s.state === 'stale')
        .map((s) => (
          <StaleSourceAlert key={s.key} source={s} />
        ))}
    </div>
  );
}
