'use client';

import {
  Card,
  CardBody,
  CardTitle,
  Content,
  EmptyState,
  EmptyStateBody,
  Label,
  List,
  ListItem,
  PageSection,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { InProgressIcon } from '@patternfly/react-icons';
import { useQuery } from '@tanstack/react-query';
import { FreshnessStateLabel } from '@/components/FreshnessLabel';
import { CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import type { Overview } from '@/trpc/types';
import { CloudsCard } from './CloudsCard';
import { FleetDriftLine } from './FleetDrift';
import { NodeHealthCard } from './NodeHealthCard';
import { TagProblems } from './TagProblems';
import { WorkerTypeTable } from './WorkerTypeTable';

function HeadCommit({ head }: { head: NonNullable<Overview['head']> }) {
  return (
    <Content component="p">
      Head of the infra repo: <CommitLink sha={head.sha} url={head.url} /> {head.subject}, <RelativeTime at={head.authoredAt} />{' '}
      {head.touchesPacker ? (
        <Label color="blue" isCompact>
          changes packer/: rebuilds every AMI
        </Label>
      ) : (
        <Label color="grey" isCompact>
          no packer/ change: re-tags the AMIs
        </Label>
      )}
    </Content>
  );
}

function FirstSyncPending({ sources }: { sources: Overview['sources'] }) {
  return (
    <EmptyState icon={InProgressIcon} titleText="No AMI seen yet" headingLevel="h2">
      <EmptyStateBody>
        <p>The first sync has not finished; sources:</p>
        {sources.length === 0 ? (
          <p>none has reported yet. Is the sync worker running?</p>
        ) : (
          <List isPlain>
            {sources.map((s) => (
              <ListItem key={s.key}>
                <FreshnessStateLabel state={s.state}>{s.label} </FreshnessStateLabel>
                {s.lastError && ` ${s.lastError.message}`}
              </ListItem>
            ))}
          </List>
        )}
        <p>This page refreshes by itself as soon as AMIs are recorded.</p>
      </EmptyStateBody>
    </EmptyState>
  );
}

export function OverviewPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.get.queryOptions());

  let body;
  if (overview.isPending) body = <LoadingState what="the fleet overview" />;
  else if (overview.isError) body = <ErrorState what="the fleet overview" error={overview.error} onRetry={() => void overview.refetch()} />;
  else if (overview.data.amiCount === 0) body = <FirstSyncPending sources={overview.data.sources} />;
  else {
    const data = overview.data;
    body = (
      <Stack hasGutter>
        <StackItem>
          <Card isPlain={false}>
            <CardTitle>
              <Title headingLevel="h2" size="lg">
                Worker types
              </Title>
            </CardTitle>
            <CardBody>
              <FleetDriftLine drift={data.fleetDrift} />
              <WorkerTypeTable workerTypes={data.workerTypes} />
            </CardBody>
          </Card>
        </StackItem>
        <StackItem>
          <NodeHealthCard />
        </StackItem>
        {data.clouds.length > 0 && (
          <StackItem>
            <CloudsCard clouds={data.clouds} />
          </StackItem>
        )}
        <StackItem>
          <Card>
            <CardTitle>
              <Title headingLevel="h2" size="lg">
                AMIs with tag problems ({data.problemAmis.length})
              </Title>
            </CardTitle>
            <CardBody>
              <TagProblems amis={data.problemAmis} />
            </CardBody>
          </Card>
        </StackItem>
      </Stack>
    );
  }

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Overview</Title>
        {overview.data?.head && <HeadCommit head={overview.data.head} />}
        {overview.data && !overview.data.head && overview.data.amiCount > 0 && (
          <Content component="p">The infra repo history is not read, so commits are known only from the AMIs&apos; tags.</Content>
        )}
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
