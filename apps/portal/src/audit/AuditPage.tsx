'use client';

import { Alert, AlertActionLink, Button, Content, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Flex, FlexItem, PageSection, Title } from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { PendingApprovalsNotice } from '@/approvals/PendingApprovalsNotice';
import { signInHref } from '@/auth/next-path';
import { useMe } from '@/auth/session';
import { ErrorState, LoadingState, NoMatchState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { trpcErrorCode } from '@/trpc/errors';
import type { RouterOutputs } from '@/trpc/types';
import { AttemptsTable } from './AttemptsTable';
import { AuditToolbar } from './AuditToolbar';
import styles from './audit.module.css';
import { ChainVerify } from './ChainVerify';
import { outcomeWord } from './OutcomeLabel';
import { SOURCE_WORDS } from './SourceLabel';
import { type AuditFilter, auditQuery, exportHref, useAuditFilter } from './useAuditFilter';

const PAGE_SIZE = 50;

function describe(filter: AuditFilter): string {
  return [
    filter.user && `user ${filter.user}`,
    filter.action && `action ${filter.action}`,
    filter.target && `target ${filter.target}`,
    filter.outcome && `outcome “${outcomeWord(filter.outcome)}”`,
    filter.source && `made ${SOURCE_WORDS[filter.source]}`,
    filter.correlationId && `correlation id ${filter.correlationId}`,
    filter.from && `from ${filter.from}`,
    filter.to && `to ${filter.to}`,
    filter.search && `the words “${filter.search}” in its reason`,
  ]
    .filter(Boolean)
    .join(', ');
}

function NoMatch({ filter, clearAll }: { filter: AuditFilter; clearAll: () => void }) {
  return (
    <NoMatchState title="No attempt matches" onClearAll={clearAll}>
      No attempt has {describe(filter)}. Filters match whole values (the full user name, an action such as asg.refresh.start, an Auto Scaling group’s full name); the reason
      search matches the beginnings of words.
    </NoMatchState>
  );
}

function NothingYet() {
  return (
    <EmptyState titleText="No attempt recorded yet" headingLevel="h2">
      <EmptyStateBody>
        Every sign-in, action, approval and refusal is recorded here the moment it happens. Sign in and act on an Auto Scaling group, and it shows up within seconds; this page
        refreshes by itself.
      </EmptyStateBody>
    </EmptyState>
  );
}

function SignInNeeded({ message }: { message: string }) {
  return (
    <EmptyState icon={UserIcon} titleText="Sign in to see the audit trail" headingLevel="h2">
      <EmptyStateBody>{message}</EmptyStateBody>
      <EmptyStateFooter>
        <EmptyStateActions>
          <Link href={signInHref('/audit')} className="pf-v6-c-button pf-m-primary">
            Sign in
          </Link>
        </EmptyStateActions>
      </EmptyStateFooter>
    </EmptyState>
  );
}

type Noise = NonNullable<RouterOutputs['audit']['attempts']['hiddenNoise']>;

/** Sign-ins folded away: how many, how many failed and the names tried most, a click from showing. */
function HiddenNoise({ noise, show }: { noise: Noise | null; show: () => void }) {
  if (!noise || noise.count === 0) return null;
  const names = noise.topTargets.map((t) => `${t.target ?? 'no name'} × ${t.count}`).join(', ');
  const failed = noise.failed > 0 ? `, ${noise.failed} of them failed (${names})` : '';
  return (
    <Alert
      isInline
      isPlain
      variant={noise.failed > 0 ? 'warning' : 'info'}
      className="pf-v6-u-mb-md"
      data-testid="hidden-noise"
      title={`${noise.count}${noise.capped ? '+' : ''} sign-in${noise.count === 1 ? '' : 's'} and sign-out${noise.count === 1 ? '' : 's'} hidden${failed}`}
      actionLinks={<AlertActionLink onClick={show}>Show them</AlertActionLink>}
    />
  );
}

function ExportLinks({ filter }: { filter: AuditFilter }) {
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }}>
      <a className="pf-v6-c-button pf-m-secondary" href={exportHref(filter, 'csv')} download data-testid="export-csv">
        Export CSV
      </a>
      <a className="pf-v6-c-button pf-m-secondary" href={exportHref(filter, 'jsonl')} download data-testid="export-jsonl">
        Export JSON Lines
      </a>
    </Flex>
  );
}

export function AuditPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { filter, update, clearAll, isFiltered } = useAuditFilter();
  const input = { ...auditQuery(filter), limit: PAGE_SIZE };
  const me = useMe();
  // Not tRPC's infiniteQueryOptions: it adds `direction` to the input, which the strict input
  // refuses. Each page is an ordinary audit.attempts query, under its key, so invalidating
  // audit.attempts (or everything, after signing in) refreshes the pages too.
  const attempts = useInfiniteQuery({
    queryKey: [...trpc.audit.attempts.queryKey(input), 'pages'],
    queryFn: ({ pageParam }) => queryClient.fetchQuery({ ...trpc.audit.attempts.queryOptions({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }), staleTime: 0 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Keep the last rows on screen while another filter loads, instead of a spinner flash.
    placeholderData: keepPreviousData,
  });

  let body;
  if (attempts.isPending) body = <LoadingState what="the audit trail" />;
  else if (attempts.isError) {
    body =
      trpcErrorCode(attempts.error) === 'UNAUTHORIZED' ? (
        <SignInNeeded message={attempts.error.message} />
      ) : (
        <ErrorState what="the audit trail" error={attempts.error} onRetry={() => void attempts.refetch()} />
      );
  } else {
    const rows = attempts.data.pages.flatMap((page) => page.items);
    const noise = attempts.data.pages[0]?.hiddenNoise ?? null;
    if (rows.length === 0 && !noise?.count) body = isFiltered ? <NoMatch filter={filter} clearAll={clearAll} /> : <NothingYet />;
    else {
      body = (
        <>
          <HiddenNoise noise={noise} show={() => update({ noise: true })} />
          {rows.length > 0 && <AttemptsTable attempts={rows} update={update} />}
          <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }}>
            <FlexItem className={styles.note} data-testid="audit-count">
              {rows.length} attempt{rows.length === 1 ? '' : 's'}, newest first{attempts.hasNextPage ? '' : ' — that is all of them'}
            </FlexItem>
            {attempts.hasNextPage && (
              <FlexItem>
                <Button variant="secondary" isLoading={attempts.isFetchingNextPage} isDisabled={attempts.isFetchingNextPage} onClick={() => void attempts.fetchNextPage()}>
                  Load {PAGE_SIZE} more
                </Button>
              </FlexItem>
            )}
          </Flex>
        </>
      );
    }
  }

  const canVerify = me.data?.role === 'operator' || me.data?.role === 'admin';
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">{filter.target ? `History of ${filter.target}` : 'Audit trail'}</Title>
        <Content component="p">
          {filter.target
            ? `Everything recorded about ${filter.target}: what people did to it in the portal, refused or not, and the changes CloudTrail saw made to it outside the portal.`
            : 'Every attempt to sign in, act on the fleet or decide on a request, one line each with how it ended and what it set going, and the changes CloudTrail saw made outside the portal.'}{' '}
          Click a user, action or target to see only those, or the events to open an attempt; the filter is in the address, so the view can be shared.
        </Content>
        <div className="pf-v6-u-mt-sm">{canVerify ? <ChainVerify besides={<ExportLinks filter={filter} />} /> : <ExportLinks filter={filter} />}</div>
      </PageSection>
      <PendingApprovalsNotice />
      <PageSection>
        <AuditToolbar filter={filter} isFetching={attempts.isPlaceholderData} update={update} clearAll={clearAll} />
        {body}
      </PageSection>
    </>
  );
}
