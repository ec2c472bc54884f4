'use client';

import { Content, EmptyState, EmptyStateBody, PageSection, Title } from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, LoadingState, NoMatchState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import type { SourceFreshness } from '@/trpc/types';
import { AsgsTable } from './AsgsTable';
import { AsgsToolbar } from './AsgsToolbar';
import { commitHref } from '@/components/links';
import type { AsgRow } from './types';
import { type AsgFilter, useAsgFilter } from './useAsgFilter';
import { visibleGroups } from './visible-groups';

// A refresh moves in minutes; while one runs the list follows it more closely than the default 15 s.
const REFRESHING_POLL_MS = 5_000;
const IDLE_POLL_MS = 15_000;
const SOURCE_KIND = 'autoscaling.groups';

function describe(filter: AsgFilter): string {
  const parts = [
    filter.workerTypes.length > 0 && `worker type ${filter.workerTypes.join(' or ')}`,
    filter.drifted && 'drifted',
    filter.refreshing && 'refreshing',
  ].filter(Boolean);
  return parts.join(', ');
}

function NoMatch({ filter, clearAll }: { filter: AsgFilter; clearAll: () => void }) {
  return (
    <NoMatchState title="No group matches" onClearAll={clearAll}>
      No Auto Scaling group is {describe(filter)}. Clear the filters to see every group.
    </NoMatchState>
  );
}

/** What the AutoScaling sync source says about why there is no group yet. */
function SourceAdvice({ sources }: { sources: SourceFreshness[] }) {
  if (sources.length === 0) {
    return (
      <p>
        The sync worker has not recorded the <strong>Auto Scaling groups and refreshes</strong> source yet. Check that it is running, that
        the config lists production accounts with a role to assume, and that worker types name their groups in <code>asgs</code>.
      </p>
    );
  }
  return (
    <>
      {sources.map((source) => (
        <p key={source.key}>
          <strong>{source.label}</strong>:{' '}
          {source.lastError ? (
            <>failing — {source.lastError.message}</>
          ) : source.lastSuccessAt ? (
            <>
              synced <RelativeTime at={source.lastSuccessAt} /> and found none of the configured groups: check that the worker types&apos;{' '}
              <code>asgs</code> in the config name groups of that account and region.
            </>
          ) : (
            'has not finished its first sync yet; this page refreshes by itself.'
          )}
        </p>
      ))}
    </>
  );
}

function NothingSynced() {
  const trpc = useTRPC();
  const sources = useQuery(trpc.sources.list.queryOptions());
  return (
    <EmptyState titleText="No Auto Scaling group synced yet" headingLevel="h2">
      <EmptyStateBody>
        {sources.data ? <SourceAdvice sources={sources.data.filter((s) => s.kind === SOURCE_KIND)} /> : 'Reading the sync sources…'}
      </EmptyStateBody>
    </EmptyState>
  );
}

export function AsgsPage() {
  const trpc = useTRPC();
  const { filter, update, clearAll, isFiltered } = useAsgFilter();
  const settings = useQuery(trpc.fleet.config.queryOptions());
  const groups = useQuery(
    trpc.asgs.list.queryOptions(undefined, {
      refetchInterval: (query) => (query.state.data?.some((g: AsgRow) => g.refresh?.active) ? REFRESHING_POLL_MS : IDLE_POLL_MS),
    }),
  );
  const template = settings.data?.commitUrlTemplate;
  const commitUrl = (sha: string) => commitHref(template, sha);

  const rows = groups.data ? visibleGroups(groups.data, filter) : [];
  let body;
  if (groups.isPending) body = <LoadingState what="the Auto Scaling groups" />;
  else if (groups.isError) body = <ErrorState what="the Auto Scaling groups" error={groups.error} onRetry={() => void groups.refetch()} />;
  else if (groups.data.length === 0) body = <NothingSynced />;
  else if (rows.length === 0) body = <NoMatch filter={filter} clearAll={clearAll} />;
  else body = <AsgsTable rows={rows} filter={filter} onSort={(sort, direction) => update({ sort, direction })} commitUrl={commitUrl} />;

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Auto Scaling groups</Title>
        <Content component="p">
          The groups of every configured worker type: capacity, the AMI their launch template runs and the commit it carries, how far that is
          behind the newest AMI of the worker type, and their latest instance refresh.
        </Content>
      </PageSection>
      <PageSection>
        {groups.data && groups.data.length > 0 && (
          <AsgsToolbar
            filter={filter}
            settings={settings.data}
            shown={isFiltered ? rows.length : groups.data.length}
            total={groups.data.length}
            update={update}
            clearAll={clearAll}
          />
        )}
        {body}
      </PageSection>
    </>
  );
}
