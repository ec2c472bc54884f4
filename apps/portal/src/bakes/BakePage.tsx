'use client';

import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  DescriptionList,
  Flex,
  FlexItem,
  PageSection,
  Progress,
  ProgressMeasureLocation,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { formatDuration, shortSha } from '@fleet/core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { BuildLog } from '@/components/BuildLog';
import { Fact } from '@/components/Fact';
import { AmiLink, CommitLink } from '@/components/links';
import { LiveIndicator } from '@/components/LiveIndicator';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState } from '@/components/states';
import { trpcErrorCode } from '@/trpc/errors';
import type { BakeView } from '@/trpc/types';
import { AbortBakeButton } from './AbortBakeButton';
import { BuildStateLabel, startedByWords } from '@/components/BuildStateLabel';
import { BakeStageLabel } from './BakeLabels';
import { useLiveBake } from './useLiveBake';

const MODE_WORDS = { 'full-bake': 'full bake (packer/ changed since the last bake)', 're-tag': 're-tag (no packer change since the last bake)', unknown: 'not decided yet' } as const;

function Timing({ bake }: { bake: BakeView }) {
  if (bake.state === 'queued') {
    return (
      <Alert variant="info" isInline title={`Waiting in the Jenkins queue${bake.queue?.state ? ` (${bake.queue.state})` : ''}`} data-testid="bake-queue">
        {bake.queue?.why ? <>Jenkins says: {bake.queue.why}</> : 'Jenkins has not said why it waits.'}
      </Alert>
    );
  }
  if (bake.elapsedMs === null) return null;
  const estimate = bake.estimatedDurationMs;
  const percent = estimate ? Math.min(99, Math.round((bake.elapsedMs / estimate) * 100)) : null;
  if (bake.state !== 'running') return <span>Took {formatDuration(bake.elapsedMs)}.</span>;
  return (
    <Progress
      value={percent ?? undefined}
      title={`Running for ${formatDuration(bake.elapsedMs)}${bake.remainingMs !== null ? `, about ${formatDuration(bake.remainingMs)} left` : ''}`}
      measureLocation={percent === null ? ProgressMeasureLocation.none : ProgressMeasureLocation.outside}
      label={percent === null ? 'no estimate yet' : `${percent}% of the usual time`}
      aria-label="Time against the usual duration of this job"
    />
  );
}

function WorkerTypesTable({ bake }: { bake: BakeView }) {
  if (bake.workerTypes.length === 0) return <p className="pf-v6-u-text-color-subtle">The console has not said which worker types it builds yet.</p>;
  const ended = bake.state !== 'queued' && bake.state !== 'running';
  return (
    <Table variant="compact" aria-label="Progress per worker type" data-testid="bake-worker-types">
      <Thead>
        <Tr>
          <Th>Worker type</Th>
          <Th>Stage</Th>
          <Th>Now</Th>
          <Th>AMI</Th>
          <Th>Took</Th>
        </Tr>
      </Thead>
      <Tbody>
        {bake.workerTypes.map((w) => (
          <Tr key={w.workerType} data-worker-type={w.workerType}>
            <Td dataLabel="Worker type">{w.workerType}</Td>
            <Td dataLabel="Stage">
              <BakeStageLabel stage={w.stage} buildEnded={ended} />
            </Td>
            <Td dataLabel="Now" modifier="breakWord">
              {w.failure ? <code className="pf-v6-u-text-color-status-danger">{w.failure.line}</code> : ended && (w.stage === 'waiting' || w.stage === 'building' || w.stage === 'ami-created') ? `stopped at: ${w.ansibleTask ?? w.step ?? 'the start'}` : (w.ansibleTask ?? w.step ?? '')}
            </Td>
            <Td dataLabel="AMI">{w.amiId ? <AmiLink imageId={w.amiId} /> : '—'}</Td>
            <Td dataLabel="Took">{w.durationSeconds === null ? '—' : formatDuration(w.durationSeconds * 1000)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function BakeDetails({ bake }: { bake: BakeView }) {
  return (
    <Stack hasGutter>
      {bake.failure && (
        <StackItem>
          <Alert variant="danger" isInline title={`${bake.failure.workerType} failed${bake.failure.task ? ` at "${bake.failure.task}"` : ''}`} data-testid="bake-failure">
            <code>{bake.failure.line}</code>
            {bake.url && (
              <p>
                <a href={bake.url} target="_blank" rel="noreferrer">
                  The build in Jenkins <ExternalLinkAltIcon />
                </a>
              </p>
            )}
          </Alert>
        </StackItem>
      )}
      <Section title="Summary" isCompact>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '2Col' }}>
          <Fact term="Commit">{bake.commit ? <CommitLink sha={bake.commit} url={bake.commitUrl} /> : 'the head of the branch'}</Fact>
          <Fact term="Mode">{MODE_WORDS[bake.mode]}</Fact>
          <Fact term="Started by">{startedByWords(bake.startedBy)}</Fact>
          <Fact term="Requested">
            <RelativeTime at={bake.requestedAt} withAbsolute />
          </Fact>
          <Fact term="Worker types">{bake.workerTypesRequested.length ? bake.workerTypesRequested.join(', ') : 'all'}</Fact>
          <Fact term="Jenkins">
            {bake.url ? (
              <a href={bake.url} target="_blank" rel="noreferrer">
                {bake.job} #{bake.number} on {bake.controller} <ExternalLinkAltIcon />
              </a>
            ) : (
              `${bake.job} on ${bake.controller}`
            )}
          </Fact>
          {bake.actionId && (
            <Fact term="Audit">
              <Link href={`/audit?target=${encodeURIComponent(bake.commit ? shortSha(bake.commit) : '')}&action=bake.start`}>The request in the audit trail</Link>
            </Fact>
          )}
        </DescriptionList>
        <div className="pf-v6-u-mt-md">
          <Timing bake={bake} />
        </div>
      </Section>
      <Section title="Worker types">
        <WorkerTypesTable bake={bake} />
        {bake.amis.length > 0 && (
          <p className="pf-v6-u-mt-sm">
            <Link href={`/lineage?q=${bake.commit ? shortSha(bake.commit) : ''}`}>See the new AMIs in the lineage</Link>
          </p>
        )}
      </Section>
      <Section title="Console">
        <BuildLog buildId={bake.id} total={bake.log.lines} complete={bake.log.complete} label={`the console of ${bake.job} ${bake.number === null ? '(queued)' : `#${bake.number}`}`} />
      </Section>
    </Stack>
  );
}

export function BakePage({ id }: { id: string }) {
  const { bake, mode, liveError, reconnect } = useLiveBake(id);
  const title = bake.data ? `Bake ${bake.data.number === null ? '(queued)' : `#${bake.data.number}`}${bake.data.commit ? ` of ${shortSha(bake.data.commit)}` : ''}` : 'Bake';
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem>
            <Link href="/bakes">AMI bakes</Link>
          </BreadcrumbItem>
          <BreadcrumbItem isActive>{title}</BreadcrumbItem>
        </Breadcrumb>
        <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mt-sm">
          <FlexItem>
            <Title headingLevel="h1">{title}</Title>
          </FlexItem>
          {bake.data && (
            <FlexItem>
              <BuildStateLabel state={bake.data.state} />
            </FlexItem>
          )}
          {bake.data && (bake.data.state === 'running' || bake.data.state === 'queued') && (
            <FlexItem>
              <LiveIndicator mode={mode} error={liveError} onReconnect={reconnect} />
            </FlexItem>
          )}
          {bake.data?.state === 'running' && bake.data.number !== null && (
            <FlexItem align={{ default: 'alignRight' }}>
              <AbortBakeButton bake={bake.data} />
            </FlexItem>
          )}
        </Flex>
      </PageSection>
      <PageSection>
        {bake.isPending ? (
          <LoadingState what="the bake" />
        ) : bake.isError ? (
          trpcErrorCode(bake.error) === 'NOT_FOUND' ? (
            <NotFoundState title={`The portal knows no bake ${id}`} href="/bakes" linkText="Go to the bakes">
              Bakes are read from the bake job&apos;s history every few seconds; a bake Jenkins discarded before the portal first read it is not known.
            </NotFoundState>
          ) : (
            <ErrorState what="the bake" error={bake.error} onRetry={() => void bake.refetch()} />
          )
        ) : (
          <BakeDetails bake={bake.data} />
        )}
      </PageSection>
    </>
  );
}
