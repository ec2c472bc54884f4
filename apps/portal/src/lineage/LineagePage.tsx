'use client';

import { Content, EmptyState, EmptyStateBody, Flex, FlexItem, PageSection, Pagination, Title } from '@patternfly/react-core';
import { shortSha } from '@fleet/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useActionChecks } from '@/actions/useActionChecks';
import { BAKE_ACTION, RebuildButton, useBakeDialog } from '@/bakes/RebuildButton';
import { ErrorState, LoadingState, NoMatchState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { LineageTable } from './LineageTable';
import { LineageToolbar } from './LineageToolbar';
import { type LineageFilter, PER_PAGE_OPTIONS, useLineageFilter } from './useLineageFilter';

function describe(filter: LineageFilter): string {
  const parts = [
    filter.workerTypes.length > 0 && `worker type ${filter.workerTypes.join(' or ')}`,
    filter.baseOs.length > 0 && `base OS ${filter.baseOs.join(' or ')}`,
    filter.q && `“${filter.q}”`,
  ].filter(Boolean);
  return parts.join(', ');
}

function NoMatch({ filter, clearAll }: { filter: LineageFilter; clearAll: () => void }) {
  return (
    <NoMatchState title="No commit matches" onClearAll={clearAll}>
      No commit matches {describe(filter)}. The search takes the start of a commit sha or of an AMI id; clear the filters to see every commit.
    </NoMatchState>
  );
}

function NothingYet() {
  return (
    <EmptyState titleText="No commit or AMI recorded yet" headingLevel="h2">
      <EmptyStateBody>
        The first sync of the AMIs and of the infra repo has not finished; the data sources above say how far it got. This page refreshes by itself.
      </EmptyStateBody>
    </EmptyState>
  );
}

export function LineagePage() {
  const trpc = useTRPC();
  const { filter, update, clearAll, isFiltered } = useLineageFilter();
  const settings = useQuery(trpc.fleet.config.queryOptions());
  const grid = useQuery(
    trpc.lineage.grid.queryOptions(
      { workerTypes: filter.workerTypes, baseOs: filter.baseOs, search: filter.q, page: filter.page, perPage: filter.perPage },
      // Keep the last grid on screen while the next filter or page loads, instead of a spinner flash.
      { placeholderData: keepPreviousData },
    ),
  );

  const head = grid.data?.head ?? null;
  const bakeDialog = useBakeDialog();
  // Who may not start a bake at all sees no per-row buttons, only the header's, which says why.
  const bakeChecks = useActionChecks(BAKE_ACTION, head ? shortSha(head) : 'head');
  const mayBake = head !== null && bakeChecks.checks.isSuccess && !bakeChecks.checks.data.checks.some((c) => c.status === 'fail' && (c.check === 'authenticated' || c.check === 'role'));

  let body;
  if (grid.isPending) body = <LoadingState what="the lineage" />;
  else if (grid.isError) body = <ErrorState what="the lineage" error={grid.error} onRetry={() => void grid.refetch()} />;
  else if (grid.data.total === 0) body = isFiltered ? <NoMatch filter={filter} clearAll={clearAll} /> : <NothingYet />;
  else if (grid.data.columns.length === 0) body = <NoMatch filter={filter} clearAll={clearAll} />;
  else {
    body = (
      <>
        <LineageTable grid={grid.data} onBake={mayBake ? bakeDialog.open : undefined} />
        <Pagination
          itemCount={grid.data.total}
          page={filter.page}
          perPage={filter.perPage}
          perPageOptions={PER_PAGE_OPTIONS.map((n) => ({ title: String(n), value: n }))}
          onSetPage={(_event, page) => update({ page, perPage: filter.perPage })}
          onPerPageSelect={(_event, perPage) => update({ perPage })}
          titles={{ items: 'commits', page: 'page' }}
          variant="bottom"
        />
      </>
    );
  }

  return (
    <>
      <PageSection>
        <Flex alignItems={{ default: 'alignItemsCenter' }}>
          <FlexItem>
            <Title headingLevel="h1">AMI lineage</Title>
          </FlexItem>
          {head && (
            <FlexItem align={{ default: 'alignRight' }}>
              <RebuildButton commit={head} workerTypes={[]} label={`Bake the head (${shortSha(head)})`} variant="primary" />
            </FlexItem>
          )}
        </Flex>
        <Content component="p">
          Every infra commit, newest first, and the AMI each worker type had at it: <strong>built</strong> at the commit, <strong>re-tagged</strong>{' '}
          with it (a commit that does not touch packer/), or <strong>missing</strong>.
          {grid.data && !grid.data.hasHistory && ' The infra repo history is not read, so commits are known only from AMI tags.'}
        </Content>
      </PageSection>
      <PageSection>
        <LineageToolbar
          filter={filter}
          settings={settings.data}
          total={grid.data?.total}
          isFetching={grid.isPlaceholderData}
          update={update}
          clearAll={clearAll}
        />
        {bakeDialog.element}
        {body}
      </PageSection>
    </>
  );
}
