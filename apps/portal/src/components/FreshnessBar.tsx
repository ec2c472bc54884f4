'use client';

import { Alert, LabelGroup, List, ListItem, Skeleton } from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '@/trpc/errors';
import { useTRPC } from '@/trpc/client';
import type { SourceFreshness } from '@/trpc/types';
import { FreshnessStateLabel } from './FreshnessLabel';
import { RelativeTime } from './RelativeTime';
import { formatAbsolute } from './time-words';

function SourceLabel({ source }: { source: SourceFreshness }) {
  const synced = source.lastSuccessAt ? `last good sync ${formatAbsolute(source.lastSuccessAt)}` : 'no good sync yet';
  const title = source.callsPerMinute > 0 ? `${synced}; ${source.callsPerMinute} AWS calls a minute` : synced;
  return (
    <FreshnessStateLabel
      state={source.state}
      title={title}
      data-source={source.key}
      age={source.lastSuccessAt ? <RelativeTime at={source.lastSuccessAt} /> : 'no data yet'}
    >
      {source.label}{' '}
    </FreshnessStateLabel>
  );
}

function formatInterval(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

// Problems first: a failing source must not hide behind the "more" of the label group.
const ORDER: Record<SourceFreshness['state'], number> = { failing: 0, stale: 1, 'never-synced': 2, fresh: 3 };

function FailingSourceAlert({ source }: { source: SourceFreshness }) {
  const error = source.lastError;
  const details = [error && `code ${error.code}`, source.consecutiveFailures > 1 && `${source.consecutiveFailures} failed attempts in a row`].filter(Boolean);
  return (
    <Alert isInline variant="danger" title={`${source.label} is failing`} className="fp-freshness__alert">
      <p>
        {error?.message || 'The last sync failed without an error message.'}{' '}
        {details.length > 0 && <span className="pf-v6-u-text-color-subtle">({details.join(', ')})</span>}
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

function StaleSourcesAlert({ sources }: { sources: SourceFreshness[] }) {
  if (sources.length === 0) return null;
  const title = sources.length === 1 ? `${sources[0]!.label} is stale` : `${sources.length} sources are stale`;
  return (
    <Alert isInline variant="warning" title={title} className="fp-freshness__alert">
      <List isPlain>
        {sources.map((source) => (
          <ListItem key={source.key}>
            {sources.length > 1 && <strong>{source.label}: </strong>}
            syncs every {formatInterval(source.intervalMs)} but last succeeded <RelativeTime at={source.lastSuccessAt} withAbsolute />.
          </ListItem>
        ))}
      </List>
      <p>The pages show that older data. Check that the sync worker is running and can reach the source.</p>
    </Alert>
  );
}

/** A source that answered, but said part of its answer is missing: Prometheus's warnings, a query that failed. */
function WarnedSourceAlert({ source }: { source: SourceFreshness }) {
  return (
    <Alert isInline variant="warning" title={`${source.label} answered with ${source.warnings.length === 1 ? 'a warning' : `${source.warnings.length} warnings`}`} className="fp-freshness__alert" data-warned-source={source.key}>
      <List>
        {source.warnings.map((warning) => (
          <ListItem key={warning}>{warning}</ListItem>
        ))}
      </List>
      <p>What it did answer is shown; figures it could not give show as unknown.</p>
    </Alert>
  );
}

/** What the portal costs each AWS account, at the pace its sources run now, and where AWS made it slow down. */
function AwsCallsLine() {
  const trpc = useTRPC();
  const query = useQuery(trpc.sources.awsCalls.queryOptions());
  if (!query.data || query.data.length === 0) return null;
  const slowed = query.data.flatMap((account) => account.slowed.map((p) => `${account.name} ${p.service} (${p.region}) at ${p.ratePerSecond} of ${p.fullRatePerSecond} calls a second`));
  return (
    <p className="pf-v6-u-font-size-sm pf-v6-u-text-color-subtle" data-aws-calls>
      AWS calls a minute:{' '}
      {query.data.map((account, i) => (
        <span key={account.accountId} title={account.apis.map((api) => `${api.api} ${api.callsPerMinute}`).join(', ')}>
          {i > 0 && ' · '}
          {account.name} {account.callsPerMinute}
        </span>
      ))}
      {slowed.length > 0 && <> · slowed down after throttling: {slowed.join(', ')}</>}
    </p>
  );
}

/** How current the data on every page is: each source's state, its age, and why it fails. */
export function FreshnessBar() {
  const trpc = useTRPC();
  const query = useQuery(trpc.sources.list.queryOptions());
  if (query.isPending) return <Skeleton width="60%" screenreaderText="Loading the sources' freshness" />;
  if (query.isError) {
    return (
      <Alert isInline variant="danger" title="The portal cannot read its database">
        {errorMessage(query.error)}. Pages show nothing until it answers again; check DATABASE_URL and that PostgreSQL is up.
      </Alert>
    );
  }
  if (query.data.length === 0) {
    return (
      <Alert isInline variant="info" title="No source has synced yet">
        The sync worker has not recorded any source: start it (npm run worker) or wait for its first pass.
      </Alert>
    );
  }
  const sources = [...query.data].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.label.localeCompare(b.label));
  return (
    <div className="fp-freshness">
      <LabelGroup categoryName="Data sources" numLabels={4} expandedText="Show fewer" collapsedText="${remaining} more">
        {sources.map((source) => (
          <SourceLabel key={source.key} source={source} />
        ))}
      </LabelGroup>
      <AwsCallsLine />
      {sources
        .filter((s) => s.state === 'failing')
        .map((s) => (
          <FailingSourceAlert key={s.key} source={s} />
        ))}
      <StaleSourcesAlert sources={sources.filter((s) => s.state === 'stale')} />
      {sources
        .filter((s) => s.state !== 'failing' && s.warnings.length > 0)
        .map((s) => (
          <WarnedSourceAlert key={s.key} source={s} />
        ))}
    </div>
  );
}
