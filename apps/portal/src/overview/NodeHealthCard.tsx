'use client';

import { Card, CardBody, CardTitle, Content, Flex, FlexItem, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { HealthStatus } from '@fleet/core';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ErrorState, LoadingState } from '@/components/states';
import { NodeStatusLabel, STATUSES_WORST_FIRST } from '@/nodes/NodeStatusLabel';
import { nodeHref } from '@/components/links';
import { StatusCell } from '@/nodes/NodesTable';
import { FINDING_WORDS } from '@/nodes/reason-words';
import { SourcesBanner } from '@/nodes/SourcesBanner';
import { nodesHref } from '@/nodes/useNodeFilter';
import { useTRPC } from '@/trpc/client';
import type { NodeSummary } from '@/trpc/types';

const WORST = 8;

/** A count that opens the list filtered to it; a zero is plain text, there is nothing to open. */
function CountLink({ workerType, status, count }: { workerType: string; status: HealthStatus; count: number }) {
  if (count === 0) return <span className="pf-v6-u-text-color-subtle">0</span>;
  return (
    <Link href={nodesHref({ workerType: [workerType], status: [status] })} aria-label={`${count} ${status} ${workerType} nodes`} data-count={`${workerType}:${status}`}>
      <NodeStatusLabel status={status}>{count}</NodeStatusLabel>
    </Link>
  );
}

function CountsTable({ workerTypes }: { workerTypes: NodeSummary['workerTypes'] }) {
  return (
    <Table aria-label="Node health per worker type" variant="compact">
      <Thead>
        <Tr>
          <Th modifier="nowrap">Worker type</Th>
          {STATUSES_WORST_FIRST.map((status) => (
            <Th key={status} modifier="nowrap">
              {status}
            </Th>
          ))}
          <Th modifier="nowrap">Nodes</Th>
        </Tr>
      </Thead>
      <Tbody>
        {workerTypes.map((type) => (
          <Tr key={type.workerType} data-worker-type={type.workerType}>
            <Td dataLabel="Worker type">
              <strong>{type.workerType}</strong>
            </Td>
            {STATUSES_WORST_FIRST.map((status) => (
              <Td key={status} dataLabel={status}>
                <CountLink workerType={type.workerType} status={status} count={type.counts[status]} />
              </Td>
            ))}
            <Td dataLabel="Nodes">{type.total === 0 ? <span className="pf-v6-u-text-color-subtle">none</span> : <Link href={nodesHref({ workerType: [type.workerType] })}>{type.total}</Link>}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function WorstNodes({ nodes }: { nodes: NodeSummary['worst'] }) {
  if (nodes.length === 0) return <p>Every node is healthy.</p>;
  return (
    <Table aria-label="Worst nodes" variant="compact">
      <Thead>
        <Tr>
          <Th>Node</Th>
          <Th>Status and reasons</Th>
        </Tr>
      </Thead>
      <Tbody>
        {nodes.map((node) => (
          <Tr key={node.instanceId} data-instance={node.instanceId}>
            <Td dataLabel="Node" modifier="nowrap">
              <Link href={nodeHref(node.instanceId)}>{node.instanceId}</Link>
              <div className="pf-v6-u-text-color-subtle pf-v6-u-font-size-sm">{node.workerType ?? 'no worker type'}</div>
            </Td>
            <Td dataLabel="Status">
              <StatusCell node={node} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** Per worker type how many nodes are in each status, each count a link to those nodes, and the worst of them. */
export function NodeHealthCard() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.nodes.summary.queryOptions({ worst: WORST }));

  let body;
  if (summary.isPending) body = <LoadingState what="the node health" />;
  else if (summary.isError) body = <ErrorState what="the node health" error={summary.error} onRetry={() => void summary.refetch()} />;
  else {
    const { workerTypes, worst, openFindings, sources } = summary.data;
    body = (
      <>
        <SourcesBanner sources={sources} />
        <Flex alignItems={{ default: 'alignItemsFlexStart' }} spaceItems={{ default: 'spaceItems2xl' }}>
          <FlexItem>
            <CountsTable workerTypes={workerTypes} />
          </FlexItem>
          <FlexItem flex={{ default: 'flex_1' }}>
            <Title headingLevel="h3" size="md">
              The worst nodes
            </Title>
            <WorstNodes nodes={worst} />
          </FlexItem>
        </Flex>
        <Content component="p" className="pf-v6-u-mt-md">
          {openFindings.length === 0 ? (
            'AWS and Jenkins agree about every node.'
          ) : (
            <>
              Open findings:{' '}
              {openFindings.map((f, i) => (
                <span key={f.kind}>
                  {i > 0 && ', '}
                  <Link href={`/nodes/findings?kind=${f.kind}`}>
                    {f.count} {FINDING_WORDS[f.kind] ?? f.kind}
                  </Link>
                </span>
              ))}
            </>
          )}
        </Content>
      </>
    );
  }

  return (
    <Card>
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          Node health
        </Title>
      </CardTitle>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
