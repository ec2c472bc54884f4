'use client';

import { Button, Flex, FlexItem, HelperText, HelperTextItem } from '@patternfly/react-core';
import { InnerScrollContainer, Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { ColumnHeads } from '@/components/ColumnHeads';
import styles from '@/audit/audit.module.css';
import cells from '@/components/cells.module.css';
import type { Me } from '@/auth/session';
import { RelativeTime } from '@/components/RelativeTime';
import type { Decision } from './DecisionModal';
import { RequestParameters } from './RequestParameters';
import type { PendingApproval } from './usePendingApprovals';

interface ApprovalsTableProps {
  requests: PendingApproval[];
  me: Me | undefined;
  onDecide: (request: PendingApproval, decision: Decision) => void;
}

/**
 * Rejecting needs what approving needs (the policy's role), except that requesters may always
 * withdraw their own; so approvalRefusal explains a disabled Reject too.
 */
function DecisionButtons({ request, me, onDecide }: { request: PendingApproval; me: Me | undefined; onDecide: ApprovalsTableProps['onDecide'] }) {
  const own = me?.signedIn === true && me.user === request.requestedBy;
  const canReject = own || request.canApprove;
  return (
    <div className={styles.stacked}>
      <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
        <FlexItem>
          <Button variant="primary" size="sm" isDisabled={!request.canApprove} onClick={() => onDecide(request, 'approve')} aria-label={`Approve ${request.action} on ${request.target}`}>
            Approve
          </Button>
        </FlexItem>
        <FlexItem>
          <Button
            variant="secondary"
            isDanger
            size="sm"
            isDisabled={!canReject}
            onClick={() => onDecide(request, own ? 'withdraw' : 'reject')}
            aria-label={`${own ? 'Withdraw' : 'Reject'} ${request.action} on ${request.target}`}
          >
            {own ? 'Withdraw' : 'Reject'}
          </Button>
        </FlexItem>
      </Flex>
      {request.approvalRefusal && (
        <HelperText>
          <HelperTextItem variant="warning">
            <span data-testid="approval-refusal">{request.approvalRefusal}</span>
          </HelperTextItem>
        </HelperText>
      )}
    </div>
  );
}

const COLUMNS = ['Requested', 'Action', 'Target', 'What it does', 'Asked with', 'Reason', 'Decision'];

/** The four-eyes requests waiting for a second person, oldest concern first as the API orders them. */
export function ApprovalsTable({ requests, me, onDecide }: ApprovalsTableProps) {
  return (
    // On a narrow screen the table scrolls sideways inside its card; the decision buttons stay reachable.
    <InnerScrollContainer>
      <Table aria-label="Pending approvals" variant="compact" className={cells.dense}>
        <ColumnHeads titles={COLUMNS} />
        <Tbody>
          {requests.map((request) => (
            <Tr key={request.id} data-journal-id={request.id} data-target={request.target} data-requested-by={request.requestedBy}>
              <Td dataLabel="Requested" modifier="nowrap">
                <div className={styles.stacked}>
                  <RelativeTime at={request.createdAt} />
                  <span className={styles.note}>by {request.requestedBy}</span>
                  <span className={styles.note}>
                    expires{' '}
                    <span data-testid="request-expires">
                      <RelativeTime at={request.expiresAt} never="never" />
                    </span>
                  </span>
                </div>
              </Td>
              <Td dataLabel="Action" modifier="nowrap">
                <code>{request.action}</code>
              </Td>
              <Td dataLabel="Target" className={styles.name}>
                {request.target}
              </Td>
              <Td dataLabel="What it does" className={styles.prose}>
                {request.previewSummary}
              </Td>
              <Td dataLabel="Asked with" className={styles.settings}>
                <RequestParameters parameters={request.parameters} />
              </Td>
              <Td dataLabel="Reason" className={styles.prose}>
                {request.reason}
              </Td>
              <Td dataLabel="Decision">
                <DecisionButtons request={request} me={me} onDecide={onDecide} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </InnerScrollContainer>
  );
}
