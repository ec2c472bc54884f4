'use client';

import { Alert, AlertActionCloseButton, AlertGroup, Content, EmptyState, EmptyStateBody, PageSection, Title } from '@patternfly/react-core';
import { CheckCircleIcon } from '@patternfly/react-icons';
import Link from 'next/link';
import { useState } from 'react';
import { useMe } from '@/auth/session';
import { ErrorState, LoadingState } from '@/components/states';
import { ApprovalsTable } from './ApprovalsTable';
import { type Decision, DecisionModal } from './DecisionModal';
import { type DecisionOutcome, type PendingApproval, usePendingApprovals } from './usePendingApprovals';

interface Decided {
  key: number;
  variant: 'success' | 'info' | 'danger';
  title: string;
  detail: string | null;
  correlationId: string;
}

function describeOutcome(decision: Decision, request: PendingApproval, outcome: DecisionOutcome, key: number): Decided {
  const what = `${outcome.action} on ${outcome.target}`;
  const base = { key, correlationId: outcome.correlationId, detail: outcome.error?.message ?? null };
  if (decision === 'withdraw') return { ...base, variant: 'info', title: `Withdrawn: ${what}` };
  if (decision === 'reject') return { ...base, variant: 'info', title: `Rejected: ${what}; ${request.requestedBy} can request it again` };
  if (outcome.state === 'succeeded') return { ...base, variant: 'success', title: `Approved and done: ${what}` };
  if (outcome.state === 'failed') return { ...base, variant: 'danger', title: `Approved, but it failed: ${what}` };
  return { ...base, variant: 'info', title: `Approved: ${what} is ${outcome.state}` };
}

function NoneWaiting() {
  return (
    <EmptyState icon={CheckCircleIcon} status="success" titleText="Nothing waits for approval" headingLevel="h2">
      <EmptyStateBody>
        Actions marked four-eyes in the config (for example, refreshing a production pool) wait here for a second person. When someone requests one, it appears here
        within seconds; this page refreshes by itself.
      </EmptyStateBody>
    </EmptyState>
  );
}

export function ApprovalsPage() {
  const me = useMe();
  const pending = usePendingApprovals();
  const [open, setOpen] = useState<{ request: PendingApproval; decision: Decision } | null>(null);
  const [decided, setDecided] = useState<Decided[]>([]);

  const onDecided = (decision: Decision, request: PendingApproval, outcome: DecisionOutcome) => {
    setOpen(null);
    setDecided((list) => [describeOutcome(decision, request, outcome, Date.now()), ...list]);
  };

  let body;
  if (pending.isPending) body = <LoadingState what="the pending approvals" />;
  else if (pending.isError) body = <ErrorState what="the pending approvals" error={pending.error} onRetry={() => void pending.refetch()} />;
  else if (pending.data.length === 0) body = <NoneWaiting />;
  else body = <ApprovalsTable requests={pending.data} me={me.data} onDecide={(request, decision) => setOpen({ request, decision })} />;

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Pending approvals</Title>
        <Content component="p">
          Four-eyes actions wait here until a second person with the required role approves them; the requester can withdraw, never approve, their own request. Approving runs
          the action at once, after the guard checks again that what was requested still holds. A request nobody decides on expires; its requester can ask again.
        </Content>
      </PageSection>
      {decided.length > 0 && (
        <PageSection>
          <AlertGroup aria-live="polite">
            {decided.map((d) => (
              <Alert
                key={d.key}
                variant={d.variant}
                isInline
                title={d.title}
                data-testid="decision-outcome"
                actionClose={<AlertActionCloseButton onClose={() => setDecided((list) => list.filter((x) => x.key !== d.key))} />}
                actionLinks={<Link href={`/audit?correlationId=${encodeURIComponent(d.correlationId)}`}>See its audit trail</Link>}
              >
                {d.detail}
              </Alert>
            ))}
          </AlertGroup>
        </PageSection>
      )}
      <PageSection>{body}</PageSection>
      {open && <DecisionModal request={open.request} decision={open.decision} onClose={() => setOpen(null)} onDecided={onDecided} />}
    </>
  );
}
