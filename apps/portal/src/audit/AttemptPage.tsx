'use client';

import {
  Breadcrumb,
  BreadcrumbItem,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  Flex,
  Grid,
  GridItem,
  PageSection,
  Stack,
  Title,
} from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Fact } from '@/components/Fact';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState, NotFoundState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { trpcErrorCode } from '@/trpc/errors';
import type { RouterOutputs } from '@/trpc/types';
import styles from './audit.module.css';
import { AttemptsTable } from './AttemptsTable';
import { ConsequenceCell } from './Consequence';
import { EventsTable } from './EventsTable';
import { OutcomeLabel } from './OutcomeLabel';
import { SourceLabel } from './SourceLabel';
import type { AuditFilter } from './useAuditFilter';

type AttemptDetail = RouterOutputs['audit']['attempt'];

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <CodeBlock aria-label={label}>
      <CodeBlockCode>{JSON.stringify(value, null, 2)}</CodeBlockCode>
    </CodeBlock>
  );
}

/** What the person confirmed before it ran, and what the source answered after: the before and after of one action. */
function BeforeAfter({ detail }: { detail: AttemptDetail }) {
  const { journal, attempt, events } = detail;
  if (!journal) {
    const first = events[0];
    return (
      <Section title={attempt.source === 'cloudtrail' ? 'The request AWS recorded' : 'Parameters'}>
        <Json value={first?.parameters ?? {}} label="Parameters" />
      </Section>
    );
  }
  return (
    <Section title="What was confirmed, and what came of it">
      <Grid hasGutter>
        <GridItem md={6}>
          <Title headingLevel="h3" size="md">
            Before: the preview {journal.requestedBy} confirmed
          </Title>
          <p data-testid="confirmed-preview">{journal.previewSummary}</p>
          <p className={styles.note}>fingerprint {journal.previewFingerprint.slice(0, 48)}</p>
          <Title headingLevel="h3" size="md" className="pf-v6-u-mt-md">
            Parameters
          </Title>
          <Json value={journal.parameters} label="Parameters" />
        </GridItem>
        <GridItem md={6}>
          <Title headingLevel="h3" size="md">
            After: {journal.state}
          </Title>
          {journal.errorMessage && <p>{journal.errorMessage}</p>}
          <Json value={journal.result ?? null} label="Result" />
          <div className="pf-v6-u-mt-md">
            <ConsequenceCell consequence={attempt.consequence} />
          </div>
        </GridItem>
      </Grid>
    </Section>
  );
}

function Details({ detail }: { detail: AttemptDetail }) {
  const router = useRouter();
  const { attempt } = detail;
  const toAudit = (change: Partial<AuditFilter>) => {
    const params = new URLSearchParams(Object.entries(change).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
    router.push(`/audit?${params.toString()}`);
  };
  return (
    <Stack hasGutter>
      <Section title="The attempt">
        <DescriptionList isHorizontal isCompact columnModifier={{ lg: '2Col' }}>
          <Fact term="Who">{attempt.user ?? 'a guest (not signed in)'}</Fact>
          <Fact term="From">{attempt.sourceAddress ?? 'address unknown'}</Fact>
          <Fact term="Started">
            <RelativeTime at={attempt.startedAt} withAbsolute />
          </Fact>
          <Fact term="Last event">
            <RelativeTime at={attempt.lastAt} withAbsolute />
          </Fact>
          <Fact term="Reason">{attempt.reason ?? '—'}</Fact>
          <Fact term="Decided by">{attempt.decidedBy ?? '—'}</Fact>
          <Fact term="Correlation id">
            <code>{attempt.correlationId}</code>
          </Fact>
          <Fact term="Journal">{attempt.journalId ? <code>{attempt.journalId}</code> : '—'}</Fact>
        </DescriptionList>
      </Section>
      <BeforeAfter detail={detail} />
      <Section title={detail.events.length === 1 ? 'Its event' : `Its ${detail.events.length} events, in the order recorded`}>
        <EventsTable events={detail.events} />
      </Section>
      {attempt.target && (
        <Section title={`Around it on ${attempt.target}`}>
          {detail.related.length === 0 ? (
            <p className={styles.note}>Nothing else was recorded on {attempt.target} from an hour before to six hours after.</p>
          ) : (
            <AttemptsTable attempts={detail.related} update={toAudit} />
          )}
          <p className="pf-v6-u-mt-sm">
            <Link href={`/audit?target=${encodeURIComponent(attempt.target)}`}>All of {attempt.target}’s history</Link>
          </p>
        </Section>
      )}
    </Stack>
  );
}

export function AttemptPage({ correlationId }: { correlationId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.audit.attempt.queryOptions({ correlationId }));
  const code = trpcErrorCode(detail.error);
  let body;
  if (detail.isPending) body = <LoadingState what="the attempt" />;
  else if (detail.isError && (code === 'NOT_FOUND' || code === 'BAD_REQUEST')) {
    body = (
      <NotFoundState title="No such attempt" href="/audit" linkText="Back to the audit trail">
        {detail.error.message}
      </NotFoundState>
    );
  } else if (detail.isError) body = <ErrorState what="the attempt" error={detail.error} onRetry={() => void detail.refetch()} />;
  else body = <Details detail={detail.data} />;
  const attempt = detail.data?.attempt;
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link href="/audit" className={className}>Audit trail</Link>} />
          <BreadcrumbItem isActive>{correlationId}</BreadcrumbItem>
        </Breadcrumb>
        <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
          <Title headingLevel="h1">{attempt ? `${attempt.action}${attempt.target ? ` on ${attempt.target}` : ''}` : 'Audit attempt'}</Title>
          {attempt && <OutcomeLabel outcome={attempt.outcome} />}
          {attempt?.source === 'cloudtrail' && <SourceLabel source={attempt.source} />}
        </Flex>
      </PageSection>
      <PageSection>{body}</PageSection>
    </>
  );
}
