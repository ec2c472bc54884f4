'use client';

import { Alert, Breadcrumb, BreadcrumbItem, DescriptionList, Flex, FlexItem, PageSection, Stack, StackItem, Title } from '@patternfly/react-core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { formatDuration } from '@fleet/core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { BuildLog } from '@/components/BuildLog';
import { BuildStateLabel, startedByWords } from '@/components/BuildStateLabel';
import { Fact } from '@/components/Fact';
import { nodeHref } from '@/components/links';
import { LiveIndicator } from '@/components/LiveIndicator';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState } from '@/components/states';
import { trpcErrorCode } from '@/trpc/errors';
import type { HousekeepingRunDetail } from '@/trpc/types';
import { recapWords } from './RunsTable';
import { useLiveRun } from './useLiveRun';

const COUNTS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;

function RecapTable({ run }: { run: HousekeepingRunDetail }) {
  if (run.hosts.length === 0) {
    return <p className="pf-v6-u-text-color-subtle">{run.log.complete ? 'The console has no PLAY RECAP: the playbook did not run to its end.' : 'The recap comes at the end of the run.'}</p>;
  }
  return (
    <Table variant="compact" aria-label="PLAY RECAP by host" data-testid="housekeeping-recap">
      <Thead>
        <Tr>
          <Th>Host</Th>
          <Th>Node</Th>
          {COUNTS.map((c) => (
            <Th key={c}>{c}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {run.hosts.map((h) => (
          <Tr key={h.host} data-host={h.host} data-outcome={h.counts.unreachable > 0 ? 'unreachable' : h.counts.failed > 0 ? 'failed' : h.counts.changed > 0 ? 'changed' : 'ok'}>
            <Td dataLabel="Host">
              <code>{h.host}</code>
            </Td>
            <Td dataLabel="Node">{h.instanceId ? <Link href={nodeHref(h.instanceId)}>{h.instanceId}</Link> : <span className="pf-v6-u-text-color-subtle">not a node the portal knows</span>}</Td>
            {COUNTS.map((c) => (
              <Td key={c} dataLabel={c} className={h.counts[c] > 0 && (c === 'failed' || c === 'unreachable') ? 'pf-v6-u-text-color-status-danger pf-v6-u-font-weight-bold' : undefined}>
                {h.counts[c]}
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function Failures({ run }: { run: HousekeepingRunDetail }) {
  const failed = run.hosts.flatMap((h) => h.failures.filter((f) => f.outcome === 'failed' || f.outcome === 'unreachable').map((f) => ({ ...f, host: h.host, instanceId: h.instanceId })));
  if (failed.length === 0) return null;
  return (
    <Section title={`Failed and unreachable (${failed.length})`}>
      <Table variant="compact" aria-label="Failed and unreachable tasks" data-testid="housekeeping-failures">
        <Thead>
          <Tr>
            <Th>Host</Th>
            <Th>Task</Th>
            <Th>What Ansible said</Th>
          </Tr>
        </Thead>
        <Tbody>
          {failed.map((f, i) => (
            <Tr key={`${f.host}-${i}`}>
              <Td dataLabel="Host" modifier="nowrap">
                {f.instanceId ? <Link href={nodeHref(f.instanceId)}>{f.host}</Link> : f.host}
              </Td>
              <Td dataLabel="Task">{f.outcome === 'unreachable' ? 'unreachable' : (f.task ?? '—')}</Td>
              <Td dataLabel="What Ansible said" modifier="breakWord">
                <code>{f.message}</code>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Section>
  );
}

function RunDetails({ run }: { run: HousekeepingRunDetail }) {
  return (
    <Stack hasGutter>
      {run.state === 'queued' && (
        <StackItem>
          <Alert variant="info" isInline title={`Waiting in the Jenkins queue${run.queue?.state ? ` (${run.queue.state})` : ''}`}>
            {run.queue?.why ? <>Jenkins says: {run.queue.why}</> : 'Jenkins has not said why it waits.'}
          </Alert>
        </StackItem>
      )}
      <Section title="Summary" isCompact>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '2Col' }}>
          <Fact term="Recap">{recapWords(run)}</Fact>
          <Fact term="Started by">{startedByWords(run.startedBy)}</Fact>
          <Fact term="Hosts (--limit)">{run.limit ? <code>{run.limit}</code> : 'every host'}</Fact>
          <Fact term="Tags">{run.tags ? <code>{run.tags}</code> : 'every task'}</Fact>
          <Fact term="Requested">
            <RelativeTime at={run.requestedAt} withAbsolute />
          </Fact>
          <Fact term="Took">{run.elapsedMs === null ? '—' : `${formatDuration(run.elapsedMs)}${run.state === 'running' ? ' so far' : ''}`}</Fact>
          <Fact term="Jenkins">
            {run.url ? (
              <a href={run.url} target="_blank" rel="noreferrer">
                {run.job} #{run.number} on {run.controller} <ExternalLinkAltIcon />
              </a>
            ) : (
              `${run.job} on ${run.controller}`
            )}
          </Fact>
        </DescriptionList>
      </Section>
      <Section title={`PLAY RECAP (${run.hosts.length} hosts)`}>
        <RecapTable run={run} />
      </Section>
      <Failures run={run} />
      <Section title="Console">
        <BuildLog buildId={run.id} total={run.log.lines} complete={run.log.complete} label={`the console of ${run.job} ${run.number === null ? '(queued)' : `#${run.number}`}`} />
      </Section>
    </Stack>
  );
}

export function RunPage({ id }: { id: string }) {
  const { run, mode, liveError, reconnect } = useLiveRun(id);
  const title = run.data ? `${run.data.job} ${run.data.number === null ? '(queued)' : `#${run.data.number}`}` : 'Housekeeping run';
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem>
            <Link href="/housekeeping">Housekeeping</Link>
          </BreadcrumbItem>
          <BreadcrumbItem isActive>{title}</BreadcrumbItem>
        </Breadcrumb>
        <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mt-sm">
          <FlexItem>
            <Title headingLevel="h1">{title}</Title>
          </FlexItem>
          {run.data && (
            <FlexItem>
              <BuildStateLabel state={run.data.state} />
            </FlexItem>
          )}
          {run.data && (run.data.state === 'running' || run.data.state === 'queued') && (
            <FlexItem>
              <LiveIndicator mode={mode} error={liveError} onReconnect={reconnect} />
            </FlexItem>
          )}
        </Flex>
      </PageSection>
      <PageSection>
        {run.isPending ? (
          <LoadingState what="the run" />
        ) : run.isError ? (
          trpcErrorCode(run.error) === 'NOT_FOUND' ? (
            <NotFoundState title={`The portal knows no housekeeping run ${id}`} href="/housekeeping" linkText="Go to housekeeping">
              Runs are read from the housekeeping jobs&apos; history every few seconds.
            </NotFoundState>
          ) : (
            <ErrorState what="the run" error={run.error} onRetry={() => void run.refetch()} />
          )
        ) : (
          <RunDetails run={run.data} />
        )}
      </PageSection>
    </>
  );
}
