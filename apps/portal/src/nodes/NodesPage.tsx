'use client';

import { Content, EmptyState, EmptyStateBody, Flex, FlexItem, PageSection, Pagination, Title } from '@patternfly/react-core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ErrorState, LoadingState, NoMatchState, UpdateFailedAlert } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { FacetChips } from './FacetChips';
import { NodesTable } from './NodesTable';
import { NodesToolbar } from './NodesToolbar';
import { reasonWords } from './reason-words';
import { SourcesBanner } from './SourcesBanner';
import { type NodeFilter, nodesQuery, useNodeFilter } from './useNodeFilter';

function describe(filter: NodeFilter): string {
  return [
    filter.status.length > 0 && filter.status.join(' or '),
    filter.workerType.length > 0 && `worker type ${filter.workerType.join(' or ')}`,
    filter.reason.length > 0 && `with ${filter.reason.map(reasonWords).join(' or ')}`,
    filter.agent.length > 0 && `agent ${filter.agent.join(' or ')}`,
    filter.asgName.length > 0 && `in ${filter.asgName.join(' or ')}`,
    filter.availabilityZone.length > 0 && `in ${filter.availabilityZone.join(' or ')}`,
    filter.search && `matching “${filter.search}”`,
  ]
    .filter(Boolean)
    .join(', ');
}

function NothingYet() {
  return (
    <EmptyState titleText="No node recorded yet" headingLevel="h2">
      <EmptyStateBody>
        Nodes appear once the sync worker has read the Auto Scaling groups (their instances), EC2&apos;s status checks or Jenkins&apos;s agents. Check the data sources above; this page
        refreshes by itself.
      </EmptyStateBody>
    </EmptyState>
  );
}

export function NodesPage() {
  const trpc = useTRPC();
  const { filter, update, clearAll, isFiltered } = useNodeFilter();
  // Keep the last rows on screen while another filter or page loads, instead of a spinner flash.
  const list = useQuery(trpc.nodes.list.queryOptions(nodesQuery(filter), { placeholderData: keepPreviousData }));

  let body;
  if (list.isPending) body = <LoadingState what="the nodes" />;
  else if (list.isError && !list.data) body = <ErrorState what="the nodes" error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.total === 0 && list.data.items.length === 0) {
    body = isFiltered ? (
      <NoMatchState title="No node matches" onClearAll={clearAll}>
        No node is {describe(filter)}. Remove a filter, or clear them all to see every node.
      </NoMatchState>
    ) : (
      <NothingYet />
    );
  } else {
    const { total, offset, items } = list.data;
    body = (
      <>
        <NodesTable nodes={items} filter={filter} onSort={(sort, direction) => update({ sort, direction })} />
        <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentSpaceBetween' }}>
          <FlexItem className="pf-v6-u-text-color-subtle" data-testid="nodes-count">
            {items.length === 0 ? `no node on this page of ${total}` : `${offset + 1}–${offset + items.length} of ${total} ${total === 1 ? 'node' : 'nodes'}`}
          </FlexItem>
          <FlexItem>
            <Pagination
              itemCount={total}
              page={filter.page}
              perPage={filter.perPage}
              onSetPage={(_event, page) => update({ page })}
              onPerPageSelect={(_event, perPage) => update({ perPage })}
              variant="bottom"
              isCompact
              titles={{ paginationAriaLabel: 'Pages of nodes, bottom' }}
            />
          </FlexItem>
        </Flex>
      </>
    );
  }

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Nodes</Title>
        <Content component="p">
          Every instance of the fleet with what Auto Scaling, EC2, Jenkins and node-exporter say of it, and one status derived from them, the worst first. Click a status or a reason
          to narrow the list; the filter is in the address, so the view can be shared. Where AWS and Jenkins disagree is listed under <Link href="/nodes/findings">findings</Link>.
        </Content>
      </PageSection>
      <PageSection>
        {list.isError && list.data && (
          <div className="pf-v6-u-mb-md">
            <UpdateFailedAlert error={list.error} />
          </div>
        )}
        {list.data && <SourcesBanner sources={list.data.sources} />}
        <NodesToolbar filter={filter} facets={list.data?.facets} total={list.data?.total ?? 0} isFetching={list.isPlaceholderData} update={update} clearAll={clearAll} />
        {list.data && <FacetChips facets={list.data.facets} filter={filter} update={update} />}
        {body}
      </PageSection>
    </>
  );
}
