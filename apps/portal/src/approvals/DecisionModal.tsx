'use client';

import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ConfirmNameField, ReasonField } from '@/actions/ConfirmationFields';
import { RefusalWhy } from '@/actions/RefusalWhy';
import { useTRPC } from '@/trpc/client';
import { guardRefusalOf, refusalMessage } from '@/trpc/refusal';
import { RelativeTime } from '@/components/RelativeTime';
import { RequestParameters } from './RequestParameters';
import type { DecisionOutcome, PendingApproval } from './usePendingApprovals';

export type Decision = 'approve' | 'reject' | 'withdraw';

interface DecisionModalProps {
  request: PendingApproval;
  decision: Decision;
  onClose: () => void;
  onDecided: (decision: Decision, request: PendingApproval, outcome: DecisionOutcome) => void;
}

const WORDING: Record<Decision, { title: string; button: string; reasonLabel: string }> = {
  approve: { title: 'Approve this request', button: 'Approve and run', reasonLabel: 'Why you approve it' },
  reject: { title: 'Reject this request', button: 'Reject', reasonLabel: 'Why you reject it' },
  withdraw: { title: 'Withdraw your request', button: 'Withdraw', reasonLabel: 'Why you withdraw it' },
};

/** Approving runs the action at once, so the approver types the target's name, as the requester did. */
export function DecisionModal({ request, decision, onClose, onDecided }: DecisionModalProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  // The shortest reason the guard accepts comes from the config, through the action's checks.
  const checks = useQuery(trpc.actions.checks.queryOptions({ action: request.action, target: request.target }, { refetchInterval: false }));
  // Every page may show something else after a decision (the journal, the audit trail, the group).
  const refreshAll = () => queryClient.invalidateQueries();
  const approve = useMutation(trpc.actions.approve.mutationOptions({ onSettled: refreshAll }));
  const reject = useMutation(trpc.actions.reject.mutationOptions({ onSettled: refreshAll }));
  const mutation = decision === 'approve' ? approve : reject;

  // Without the checks, any reason goes: the guard still enforces its minimum and says so.
  const minLength = checks.data?.reasonMinLength ?? (checks.isError ? 1 : null);
  const reasonShort = minLength !== null && reason.trim().length < minLength;
  const confirmed = decision !== 'approve' || confirmation === request.target;
  const wording = WORDING[decision];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reasonShort || !confirmed || minLength === null) return;
    const done = (outcome: DecisionOutcome) => onDecided(decision, request, outcome);
    if (decision === 'approve') approve.mutate({ journalId: request.id, confirmation, comment: reason.trim() }, { onSuccess: done });
    else reject.mutate({ journalId: request.id, reason: reason.trim() }, { onSuccess: done });
  };

  return (
    <Modal variant="medium" isOpen onClose={onClose} aria-labelledby="decision-title">
      <ModalHeader title={wording.title} labelId="decision-title" />
      <ModalBody>
        <DescriptionList isHorizontal isCompact className="pf-v6-u-mb-lg">
          <DescriptionListGroup>
            <DescriptionListTerm>Action</DescriptionListTerm>
            <DescriptionListDescription>
              <code>{request.action}</code> on <strong>{request.target}</strong>
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>What it does</DescriptionListTerm>
            <DescriptionListDescription>{request.previewSummary}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Asked with</DescriptionListTerm>
            <DescriptionListDescription>
              <RequestParameters parameters={request.parameters} />
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Expires</DescriptionListTerm>
            <DescriptionListDescription>
              <RelativeTime at={request.expiresAt} withAbsolute />; after that nobody can approve it
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Requested by</DescriptionListTerm>
            <DescriptionListDescription>
              {request.requestedBy}: “{request.reason}”
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
        {mutation.isError && (
          <Alert variant="danger" isInline title={`The ${decision === 'approve' ? 'approval' : 'decision'} was refused`} className="pf-v6-u-mb-md" data-testid="decision-error">
            {refusalMessage(mutation.error)}
            <RefusalWhy detail={guardRefusalOf(mutation.error)?.detail} />
          </Alert>
        )}
        <Form id="decision-form" onSubmit={submit}>
          {decision === 'approve' && (
            <ConfirmNameField id="decision-confirmation" target={request.target} value={confirmation} onChange={setConfirmation} />
          )}
          <ReasonField id="decision-reason" label={wording.reasonLabel} value={reason} minLength={minLength} onChange={setReason} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="decision-form"
          variant={decision === 'approve' ? 'primary' : 'danger'}
          isLoading={mutation.isPending}
          isDisabled={mutation.isPending || reasonShort || !confirmed || minLength === null}
        >
          {wording.button}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
