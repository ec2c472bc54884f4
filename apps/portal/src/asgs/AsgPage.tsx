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
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState, UpdateFailedAlert } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { trpcErrorCode } from '@/trpc/errors';
import { AsgActions } from './AsgActions';
import { AsgSummary } from './AsgSummary';
import { InstancesTable } from './InstancesTable';
import { LiveIndicator } from '@/components/LiveIndicator';
import { RefreshHistoryTable } from './RefreshHistoryTable';
import { RefreshProgressCard } from './RefreshProgressCard';
import { RefreshTargetFacts } from './RefreshTargetFacts';
import { RollbackRefusal } from './RollbackRefusal';
import { commitHref, HistoryLink } from '@/components/links';
import type { AsgDetail } from './types';
import { useLiveAsg } from './useLiveAsg';

function NeverSeen({ name }: { name: string }) {
  return (
    <NotFoundState title={`The portal has not seen a group named ${name}`} href="/asgs" linkText="Go to the Auto Scaling groups">
      Only the groups named in the worker types&apos; <code>asgs</code> of the config are synced. Check the name, or add the group to the config and wait for the next Auto Scaling
      sync.
    </NotFoundState>
  );
}

function AsgDetails({ group, staleBecause }: { group: AsgDetail; staleBecause: unknown }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.fleet.config.queryOptions());
  const template = settings.data?.commitUrlTemplate;
  const commitUrl = (sha: string) => commitHref(template, sha);
  const shown = group.current ?? group.justEnded;
  return (
    <Stack hasGutter>
      {staleBecause !== null && (
        <StackItem>
          <UpdateFailedAlert error={staleBecause} />
        </StackItem>
      )}
      {group.goneAt && (
        <StackItem>
          <Alert variant="warning" isInline title="Gone from AWS">
            AWS stopped listing this group <RelativeTime at={group.goneAt} withAbsolute />. What follows is what the portal last saw of it.
          </Alert>
        </StackItem>
      )}
      <Section title="Summary" isCompact>
        <AsgSummary group={group} commitUrl={commitUrl} />
      </Section>
      {group.current === null && !group.goneAt && (
        <Section title="What a refresh started now would do (skip matching on)" isCompact>
          <RefreshTargetFacts facts={group.nextRefresh} total={group.instances.length} />
        </Section>
      )}
      {shown && (
        <StackItem>
          <RefreshProgressCard refresh={shown} ended={group.current === null} record={group.history.find((r) => r.id === shown.id)} syncedAt={group.lastSeenAt} />
        </StackItem>
      )}
      <Section title={`Instances (${group.instances.length})`}>
        <InstancesTable instances={group.instances} />
      </Section>
      <Section title={`Refresh history (${group.history.length})`}>
        <RefreshHistoryTable history={group.history} activities={group.activities} syncedAt={group.lastSeenAt} />
      </Section>
    </Stack>
  );
}

export function AsgPage({ name }: { name: string }) {
  const { detail, mode, liveError, reconnect } = useLiveAsg(name);
  const code = trpcErrorCode(detail.error);
  const notFound = code === 'NOT_FOUND' || code === 'BAD_REQUEST';

  let body;
  if (detail.isPending) body = <LoadingState what={name} />;
  else if (notFound) body = <NeverSeen name={name} />;
  else if (detail.data) body = <AsgDetails group={detail.data} staleBecause={detail.isError ? detail.error : null} />;
  else body = <ErrorState what={name} error={detail.error} onRetry={() => void detail.refetch()} />;

  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link href="/asgs" className={className}>Auto Scaling groups</Link>} />
          <BreadcrumbItem isActive>{name}</BreadcrumbItem>
        </Breadcrumb>
        <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentSpaceBetween' }}>
          <Flex alignItems={{ default: 'alignItemsCenter' }}>
            <Title headingLevel="h1">{name}</Title>
            {!notFound && <LiveIndicator mode={mode} error={liveError} onReconnect={reconnect} />}
          </Flex>
          {detail.data && (
            <FlexItem>
              <Flex alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsSm' }}>
                <HistoryLink target={name} />
                <AsgActions group={detail.data} />
                <RollbackRefusal reason={detail.data.lastingRollbackRefusal ?? (detail.data.current ? detail.data.rollbackRefusal : null)} />
              </Flex>
            </FlexItem>
          )}
        </Flex>
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
