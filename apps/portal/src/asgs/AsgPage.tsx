'use client';

import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Flex,
  FlexItem,
  PageSection,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { errorMessage, trpcErrorCode } from '@/trpc/errors';
import { AsgActions } from './AsgActions';
import { AsgSummary } from './AsgSummary';
import { InstancesTable } from './InstancesTable';
import { LiveIndicator } from './LiveIndicator';
import { RefreshHistoryTable } from './RefreshHistoryTable';
import { RefreshProgressCard } from './RefreshProgressCard';
import { RollbackRefusal } from './RollbackRefusal';
import type { AsgDetail } from './types';
import { useLiveAsg } from './useLiveAsg';

function NeverSeen({ name }: { name: string }) {
  return (
    <EmptyState icon={SearchIcon} titleText={`The portal has not seen a group named ${name}`} headingLevel="h2">
      <EmptyStateBody>
        Only the groups named in the worker types&apos; <code>asgs</code> of the config are synced. Check the name, or add the group to the config
        and wait for the next Auto Scaling sync.
      </EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Link href="/asgs">
            <Button variant="primary" component="span">
              Go to the Auto Scaling groups
            </Button>
          </Link>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <StackItem>
      <Card isCompact>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title}
          </Title>
        </CardTitle>
        <CardBody>{children}</CardBody>
      </Card>
    </StackItem>
  );
}

function AsgDetails({ group, staleBecause }: { group: AsgDetail; staleBecause: unknown }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.fleet.config.queryOptions());
  const template = settings.data?.commitUrlTemplate;
  const commitUrl = (sha: string) => (template ? template.replace('{sha}', sha) : null);
  const shown = group.current ?? group.justEnded;
  return (
    <Stack hasGutter>
      {staleBecause !== null && (
        <StackItem>
          <Alert variant="warning" isInline title="This page could not be updated">
            {errorMessage(staleBecause)}. What follows is what it last read; it keeps trying.
          </Alert>
        </StackItem>
      )}
      {group.goneAt && (
        <StackItem>
          <Alert variant="warning" isInline title="Gone from AWS">
            AWS stopped listing this group <RelativeTime at={group.goneAt} withAbsolute />. What follows is what the portal last saw of it.
          </Alert>
        </StackItem>
      )}
      <Section title="Summary">
        <AsgSummary group={group} commitUrl={commitUrl} />
      </Section>
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
