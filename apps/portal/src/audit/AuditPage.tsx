'use client';

import { Button, Content, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Flex, FlexItem, PageSection, Title } from '@patternfly/react-core';
import { UserIcon } from '@patternfly/react-icons';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { PendingApprovalsNotice } from '@/approvals/PendingApprovalsNotice';
import { signInHref } from '@/auth/next-path';
import { ErrorState, LoadingState, NoMatchState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { trpcErrorCode } from '@/trpc/errors';
import { AuditTable } from './AuditTable';
import { AuditToolbar } from './AuditToolbar';
import styles from './audit.module.css';
import { outcomeWord } from './OutcomeLabel';
import { type AuditFilter, auditQuery, useAuditFilter } from './useAuditFilter';

const PAGE_SIZE = 50;

function describe(filter: AuditFilter): string {
  return [
    filter.user && `user ${filter.user}`,
    filter.action && `action ${filter.action}`,
    filter.target && `target ${filter.target}`,
    filter.outcome && `outcome “${outcomeWord(filter.outcome)}”`,
    filter.correlationId && `correlation id ${filter.correlationId}`,
  ]
    .filter(Boolean)
    .join(', ');
}

function NoMatch({ filter, clearAll }: { filter: AuditFilter; clearAll: () => void }) {
  return (
    <NoMatchState title="No event matches" onClearAll={clearAll}>
      No event has {describe(filter)}. Filters match whole values: the full user name, an action such as asg.refresh.start, an Auto Scaling group’s full name.
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

export function AuditPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { filter, update, clearAll, isFiltered } = useAuditFilter();
  const input = { ...auditQuery(filter), limit: PAGE_SIZE };
  // Not tRPC's infiniteQueryOptions: it adds `direction` to the input, which audit.list's strict
  // input refuses. Each page is an ordinary audit.list query, under audit.list's key, so
  // invalidating audit.list (or everything, after signing in) refreshes the pages too.
  const events = useInfiniteQuery({
    queryKey: [...trpc.audit.list.queryKey(input), 'pages'],
    queryFn: ({ pageParam }) => queryClient.fetchQuery({ ...trpc.audit.list.queryOptions({ ...input, cursor: pageParam }), staleTime: 0 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Keep the last rows on screen while another filter loads, instead of a spinner flash.
    placeholderData: keepPreviousData,
  });

  let body;
  if (events.isPending) body = <LoadingState what="the audit trail" />;
  else if (events.isError) {
    body =
      trpcErrorCode(events.error) === 'UNAUTHORIZED' ? (
        <SignInNeeded message={events.error.message} />
      ) : (
        <ErrorState what="the audit trail" error={events.error} onRetry={() => void events.refetch()} />
      );
  } else {
    const rows = events.data.pages.flatMap((page) => page.items);
    if (rows.length === 0) body = isFiltered ? <NoMatch filter={filter} clearAll={clearAll} /> : <NothingYet />;
    else {
      body = (
        <>
          <AuditTable events={rows} update={update} />
          <Flex className="pf-v6-u-mt-md" alignItems={{ default: 'alignItemsCenter' }}>
            <FlexItem className={styles.note} data-testid="audit-count">
              {rows.length} event{rows.length === 1 ? '' : 's'}, newest first{events.hasNextPage ? '' : ' — that is all of them'}
            </FlexItem>
            {events.hasNextPage && (
              <FlexItem>
                <Button variant="secondary" isLoading={events.isFetchingNextPage} isDisabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  Load {PAGE_SIZE} more
                </Button>
              </FlexItem>
            )}
          </Flex>
        </>
      );
    }
  }

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Audit trail</Title>
        <Content component="p">
          Every attempt to sign in, act on the fleet or decide on a request, whether the guard allowed it, denied it or it failed. Click a user, action or target to see only
          those; the filter is in the address, so the view can be shared.
        </Content>
      </PageSection>
      <PendingApprovalsNotice />
      <PageSection>
        <AuditToolbar filter={filter} isFetching={events.isPlaceholderData} update={update} clearAll={clearAll} />
        {body}
      </PageSection>
    </>
  );
}
