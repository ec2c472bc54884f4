'use client';

import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Flex,
  FlexItem,
  List,
  ListItem,
  PageSection,
  Stack,
  StackItem,
  Title,
} from '@patternfly/react-core';
import { shortSha } from '@fleet/core';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RebuildButton } from '@/bakes/RebuildButton';
import { RelativeTime } from '@/components/RelativeTime';
import { SharingLabels } from '@/components/SharingLabels';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { HistoryLink } from '@/components/links';
import { trpcErrorCode } from '@/trpc/errors';
import type { AmiDetail } from '@/trpc/types';
import { AmiCommitsTable } from './AmiCommitsTable';
import { AmiFacts } from './AmiFacts';
import { AmiTagsTable } from './AmiTagsTable';

function NeverSeen({ imageId, badId }: { imageId: string; badId: boolean }) {
  return (
    <NotFoundState title={badId ? `“${imageId}” is not an AMI id` : `The portal never saw ${imageId}`} href="/lineage" linkText="Go to the AMI lineage">
      {badId
        ? 'An AMI id looks like ami-0123456789abcdef0.'
        : 'It was not in any listing of the build account since the portal started recording. It may belong to another account, or be older than the portal; search for it in the lineage.'}
    </NotFoundState>
  );
}

function AmiDetails({ ami }: { ami: AmiDetail }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.fleet.config.queryOptions());
  return (
    <Stack hasGutter>
      {ami.deregisteredAt && (
        <StackItem>
          <Alert variant="warning" isInline title="Deregistered">
            AWS stopped listing this AMI <RelativeTime at={ami.deregisteredAt} withAbsolute />. What follows is what the portal last saw of it; no new
            instance can launch from it.
          </Alert>
        </StackItem>
      )}
      {ami.problems.length > 0 && (
        <StackItem>
          <Alert variant="danger" isInline title={`The portal cannot fully read this AMI's tags (${ami.problems.length})`}>
            <List>
              {ami.problems.map((p) => (
                <ListItem key={p.code}>{p.message}</ListItem>
              ))}
            </List>
          </Alert>
        </StackItem>
      )}
      <Section title="Details">
        <AmiFacts ami={ami} settings={settings.data} />
      </Section>
      <Section title="Auto Scaling groups running it">
        {ami.asgs.length === 0 ? (
          <span className="pf-v6-u-text-color-subtle">No group launches this AMI or runs an instance of it.</span>
        ) : (
          <ul className="pf-v6-c-list pf-m-plain" data-testid="ami-asgs">
            {ami.asgs.map((g) => (
              <li key={g.name}>
                <Link href={`/asgs/${encodeURIComponent(g.name)}`}>{g.name}</Link>{' '}
                <span className="pf-v6-u-text-color-subtle">
                  {g.inLaunchTemplate ? 'its launch template launches this AMI' : 'no longer in its launch template'} · {g.instances} instance
                  {g.instances === 1 ? '' : 's'} running it
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Shared to production">
        <SharingLabels sharing={ami.sharing} />{' '}
        <span className="pf-v6-u-text-color-subtle">
          {ami.sharedCheckedAt ? (
            <>
              launch permissions checked <RelativeTime at={ami.sharedCheckedAt} />
            </>
          ) : (
            'launch permissions not checked yet'
          )}
        </span>
      </Section>
      <Section title={`Commits carried (${ami.carried.length})`}>
        <AmiCommitsTable ami={ami} />
      </Section>
      <Section title={`Tags (${ami.tags.length})`}>
        <AmiTagsTable tags={ami.tags} />
      </Section>
    </Stack>
  );
}

export function AmiPage({ imageId }: { imageId: string }) {
  const trpc = useTRPC();
  const ami = useQuery(trpc.lineage.ami.queryOptions({ imageId }));
  const overview = useQuery(trpc.overview.get.queryOptions());
  const head = overview.data?.head?.sha;
  const workerType = ami.data?.workerType;
  const code = trpcErrorCode(ami.error);

  let body;
  if (ami.isPending) body = <LoadingState what={imageId} />;
  else if (ami.isError && (code === 'NOT_FOUND' || code === 'BAD_REQUEST')) body = <NeverSeen imageId={imageId} badId={code === 'BAD_REQUEST'} />;
  else if (ami.isError) body = <ErrorState what={imageId} error={ami.error} onRetry={() => void ami.refetch()} />;
  else body = <AmiDetails ami={ami.data} />;

  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link href="/lineage" className={className}>AMI lineage</Link>} />
          <BreadcrumbItem isActive>{imageId}</BreadcrumbItem>
        </Breadcrumb>
        <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mt-md">
          <FlexItem>
            <Title headingLevel="h1">
              {imageId}
              {ami.data && <small className="pf-v6-u-text-color-subtle pf-v6-u-ml-md">{ami.data.name}</small>}
            </Title>
          </FlexItem>
          {head && workerType && (
            <FlexItem align={{ default: 'alignRight' }}>
              <RebuildButton commit={head} workerTypes={[workerType]} label={`Rebuild ${workerType} at the head (${shortSha(head)})`} />
            </FlexItem>
          )}
        </Flex>
        <HistoryLink target={imageId} />
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
