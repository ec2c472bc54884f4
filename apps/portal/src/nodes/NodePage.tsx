'use client';

import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Flex,
  FlexItem,
  PageSection,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { isHealthReasonCode, REASON_GUIDANCE } from '@fleet/core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RunHousekeepingButton } from '@/housekeeping/RunHousekeepingButton';
import type { ReactNode } from 'react';
import { asgHref, HistoryLink } from '@/components/links';
import { AmiLink, CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState, UpdateFailedAlert } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { errorMessage, trpcErrorCode } from '@/trpc/errors';
import type { NodeDetail } from '@/trpc/types';
import { FindingsTable } from './FindingsTable';
import { NodeSignals } from './NodeSignals';
import { NodeStatusLabel, SeverityLabel } from './NodeStatusLabel';
import cells from '@/components/cells.module.css';
import { reasonWords, SIGNAL_WORDS } from './reason-words';
import { SourcesBanner } from './SourcesBanner';
import { ReasonGuidance, useRunbooks } from './ReasonGuide';
import { NodeActions } from './NodeActions';

/** Runs each housekeeping job on this node alone: the limit is its name as the inventory gives it. */
function NodeHousekeeping({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.housekeeping.hostOfNode.queryOptions({ instanceId }));
  const targets = (hosts.data ?? []).flatMap((c) => (c.host ? c.jobs.map((job) => ({ controller: c.controller, job, host: c.host! })) : []));
  if (targets.length === 0) return null;
  return (
    <FlexItem align={{ default: 'alignRight' }}>
      <Flex spaceItems={{ default: 'spaceItemsSm' }}>
        {targets.map((t) => (
          <RunHousekeepingButton key={`${t.controller}/${t.job}`} controller={t.controller} job={t.job} limit={t.host} label={`Run ${t.job} on this node`} />
        ))}
      </Flex>
    </FlexItem>
  );
}

function NeverSeen({ instanceId, message }: { instanceId: string; message: string }) {
  return (
    <NotFoundState title={`No node ${instanceId}`} href="/nodes" linkText="Go to the nodes">
      {message} Check the id, or look for the node in the list.
    </NotFoundState>
  );
}

function External({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className="pf-v6-c-button pf-m-secondary pf-m-small">
      {children} <ExternalLinkAltIcon aria-hidden />
    </a>
  );
}

/** Where to look further: Jenkins's page of the agent, Prometheus, the group and the AMI. */
function NodeLinks({ node }: { node: NodeDetail }) {
  return (
    <Flex spaceItems={{ default: 'spaceItemsMd' }} alignItems={{ default: 'alignItemsCenter' }} data-testid="node-links">
      {node.jenkinsUrl ? <External href={node.jenkinsUrl}>Jenkins node page</External> : <span className={cells.note}>Jenkins is not configured</span>}
      {node.metricsUrl ? <External href={node.metricsUrl}>Metrics in Prometheus</External> : <span className={cells.note}>Prometheus is not configured</span>}
      {node.asgName && (
        <span>
          Group: {node.asgKnown ? <Link href={asgHref(node.asgName)}>{node.asgName}</Link> : node.asgName} {node.workerType && <span className={cells.note}>({node.workerType})</span>}
        </span>
      )}
      {node.ami && (
        <span>
          AMI: {node.ami.known ? <AmiLink imageId={node.ami.imageId} /> : <code>{node.ami.imageId}</code>}{' '}
          {node.ami.commit && <CommitLink sha={node.ami.commit} url={node.ami.commitUrl} />}
        </span>
      )}
      {node.availabilityZone && <span className={cells.note}>{node.availabilityZone}</span>}
    </Flex>
  );
}

function Reasons({ node }: { node: NodeDetail }) {
  const runbooks = useRunbooks();
  if (node.reasons.length === 0) return <p>Every signal is fresh and within its thresholds.</p>;
  return (
    <Table aria-label="Reasons" variant="compact">
      <Thead>
        <Tr>
          <Th>Severity</Th>
          <Th width={25}>Reason</Th>
          <Th width={25}>What the rules saw</Th>
          <Th width={35}>What to do</Th>
          <Th>Since</Th>
        </Tr>
      </Thead>
      <Tbody>
        {node.reasons.map((reason) => (
          <Tr key={`${reason.code}-${reason.message}`} data-reason={reason.code}>
            <Td dataLabel="Severity">
              <SeverityLabel severity={reason.severity} />
            </Td>
            <Td dataLabel="Reason">
              <div className={cells.stacked}>
                <strong>{reasonWords(reason.code)}</strong>
                {isHealthReasonCode(reason.code) && <span className={cells.note}>{REASON_GUIDANCE[reason.code].meaning}</span>}
                <span className={cells.note}>from {SIGNAL_WORDS[reason.signal] ?? reason.signal}</span>
              </div>
            </Td>
            <Td dataLabel="What the rules saw">
              {reason.message}
              {reason.href && (
                <>
                  {' '}
                  <Link href={reason.href}>see the run</Link>
                </>
              )}
            </Td>
            <Td dataLabel="What to do">
              <ReasonGuidance code={reason.code} runbooks={runbooks} withMeaning={false} />
            </Td>
            <Td dataLabel="Since" modifier="nowrap">
              <RelativeTime at={reason.since} never="—" />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function History({ node }: { node: NodeDetail }) {
  if (node.history.length === 0) return <p>The portal has not evaluated this node yet.</p>;
  return (
    <>
      <Table aria-label="Status history" variant="compact">
        <Thead>
          <Tr>
            <Th>When</Th>
            <Th>Change</Th>
            <Th>Reasons then</Th>
          </Tr>
        </Thead>
        <Tbody>
          {node.history.map((change) => (
            <Tr key={change.id}>
              <Td dataLabel="When" modifier="nowrap">
                <RelativeTime at={change.at} withAbsolute />
              </Td>
              <Td dataLabel="Change" modifier="nowrap">
                {change.fromStatus ? <NodeStatusLabel status={change.fromStatus} /> : <span className={cells.note}>first seen</span>} → <NodeStatusLabel status={change.toStatus} />
              </Td>
              <Td dataLabel="Reasons then">
                {change.reasons.length === 0 ? <span className={cells.note}>none</span> : change.reasons.map((r) => r.message).join('; ')}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {node.historyTotal > node.history.length && (
        <p className={cells.note}>
          The latest {node.history.length} of {node.historyTotal} changes.
        </p>
      )}
    </>
  );
}

function NodeDetails({ node, staleBecause }: { node: NodeDetail; staleBecause: unknown }) {
  return (
    <Stack hasGutter>
      {staleBecause !== null && (
        <StackItem>
          <UpdateFailedAlert error={staleBecause} />
        </StackItem>
      )}
      {node.goneAt && (
        <StackItem>
          <Alert variant="info" isInline title="This node has left the fleet">
            No source has listed it since <RelativeTime at={node.goneAt} withAbsolute />. What follows is what the portal last saw.
          </Alert>
        </StackItem>
      )}
      <StackItem>
        <SourcesBanner sources={node.sources} />
      </StackItem>
      {!node.goneAt && (
        <Section title="Act on this node" isCompact>
          <NodeActions node={node} />
        </Section>
      )}
      <Section title={`Why it is ${node.status}`}>
        <Reasons node={node} />
      </Section>
      <StackItem>
        <NodeSignals node={node} />
      </StackItem>
      <Section title={`Status history (${node.historyTotal})`}>
        <History node={node} />
      </Section>
      <Section title={`Findings (${node.findings.length})`}>
        {node.findings.length === 0 ? <p>AWS and Jenkins agree about this node.</p> : <FindingsTable findings={node.findings} showNode={false} />}
      </Section>
    </Stack>
  );
}

export function NodePage({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.nodes.get.queryOptions({ instanceId }));
  const code = trpcErrorCode(detail.error);
  const notFound = code === 'NOT_FOUND' || code === 'BAD_REQUEST';

  let body;
  if (detail.isPending) body = <LoadingState what={instanceId} />;
  else if (notFound) body = <NeverSeen instanceId={instanceId} message={errorMessage(detail.error)} />;
  else if (detail.data) body = <NodeDetails node={detail.data} staleBecause={detail.isError ? detail.error : null} />;
  else body = <ErrorState what={instanceId} error={detail.error} onRetry={() => void detail.refetch()} />;

  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link href="/nodes" className={className}>Nodes</Link>} />
          <BreadcrumbItem isActive>{instanceId}</BreadcrumbItem>
        </Breadcrumb>
        <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
          <Title headingLevel="h1">{instanceId}</Title>
          <HistoryLink target={instanceId} />
          {detail.data && (
            <span data-testid="node-status">
              <NodeStatusLabel status={detail.data.status} />{' '}
              <span className={cells.note}>
                since <RelativeTime at={detail.data.statusSince} withAbsolute />
              </span>
            </span>
          )}
          {detail.data && !detail.data.goneAt && <NodeHousekeeping instanceId={instanceId} />}
        </Flex>
        {detail.data && (
          <div className="pf-v6-u-mt-sm">
            <NodeLinks node={detail.data} />
          </div>
        )}
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
