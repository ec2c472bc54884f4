'use client';

import type { GuardedRequest } from '@fleet/api';
import {
  Alert,
  Button,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Skeleton,
} from '@patternfly/react-core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { errorMessage } from '@/trpc/errors';
import { guardRefusalOf, refusalMessage } from '@/trpc/refusal';
import type { RouterOutputs } from '@/trpc/types';
import { ConfirmNameField, ReasonField } from './ConfirmationFields';
import { RefusalWhy } from './RefusalWhy';
import { useActionChecks } from './useActionChecks';

export type ActionOutcome = RouterOutputs['asgs']['startRefresh'];
export type ActionPreview = RouterOutputs['actions']['preview']['preview'];

export type ActionRequest<Input> = GuardedRequest<Input>;

/** The mutation behind the dialog, whatever procedure it is. */
export interface ActionRunner<Input> {
  run(request: ActionRequest<Input>, onDone: (outcome: ActionOutcome) => void): void;
  isPending: boolean;
  error: unknown;
}

interface ActionDialogProps<Input> {
  action: string;
  target: string;
  title: string;
  submitLabel: string;
  variant: 'primary' | 'danger';
  input: Input;
  /** A problem the form already sees in its input; the preview waits until it is fixed. */
  inputProblem?: string | null;
  /** The form for the action's input, if it has any. */
  children?: ReactNode;
  renderDetails?: (preview: ActionPreview) => ReactNode;
  runner: ActionRunner<Input>;
  onClose: () => void;
  onDone: (outcome: ActionOutcome) => void;
}

/**
 * Every guarded action is confirmed the same way: the preview of what it will do, the target's
 * name typed, a reason for the audit trail. One idempotency key per dialog, so a double click or
 * a retried request does one thing.
 */
export function ActionDialog<Input>(props: ActionDialogProps<Input>) {
  const { action, target, input, inputProblem = null, runner } = props;
  const trpc = useTRPC();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [confirmation, setConfirmation] = useState('');
  const [reason, setReason] = useState('');
  const { refusal, notes, reasonMinLength, checks } = useActionChecks(action, target);
  const preview = useQuery(
    trpc.actions.preview.queryOptions(
      { action, target, input },
      { enabled: inputProblem === null, refetchInterval: false, placeholderData: keepPreviousData, retry: false },
    ),
  );

  const minLength = reasonMinLength ?? (checks.isError ? 1 : null);
  const reasonShort = minLength !== null && reason.trim().length < minLength;
  const confirmed = confirmation === target;
  const fingerprint = inputProblem === null && !preview.isPlaceholderData ? preview.data?.preview.fingerprint : undefined;
  // The action's own refusal, named by its preview: the guard would refuse the request, so it is not offered.
  const previewRefusal = inputProblem === null ? (preview.data?.preview.refusal ?? null) : null;
  const ready = fingerprint !== undefined && confirmed && !reasonShort && minLength !== null && refusal === null && previewRefusal === null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || runner.isPending) return;
    runner.run({ target, input, previewFingerprint: fingerprint, confirmation, reason: reason.trim(), idempotencyKey }, props.onDone);
  };

  return (
    <Modal variant="medium" isOpen onClose={props.onClose} aria-labelledby="action-title">
      <ModalHeader title={props.title} labelId="action-title" description={<code>{action}</code>} />
      <ModalBody>
        {refusal && (
          <Alert variant="warning" isInline title={refusal.title} className="pf-v6-u-mb-md">
            {refusal.message}
            <RefusalWhy detail={refusal.detail} />
          </Alert>
        )}
        {runner.error !== null && runner.error !== undefined && (
          <Alert variant="danger" isInline title="The portal refused or could not run this action" className="pf-v6-u-mb-md" data-testid="action-error">
            {refusalMessage(runner.error)}
            <RefusalWhy detail={guardRefusalOf(runner.error)?.detail} />
          </Alert>
        )}
        <Form id="action-form" onSubmit={submit}>
          {props.children}
          {previewRefusal && (
            <Alert variant="danger" isInline title="The portal refuses this as it stands" data-testid="action-preview-refusal">
              {previewRefusal.message.charAt(0).toUpperCase() + previewRefusal.message.slice(1)}.
            </Alert>
          )}
          <FormGroup label="What it will do" fieldId="action-preview" role="group">
            <PreviewBody preview={preview} inputProblem={inputProblem} renderDetails={props.renderDetails} />
          </FormGroup>
          {notes.length > 0 && (
            <List isPlain>
              {notes.map((note) => (
                <ListItem key={note.check}>
                  <Alert variant="info" isInline isPlain title={`${note.title}: ${note.message}`} />
                </ListItem>
              ))}
            </List>
          )}
          <ConfirmNameField id="action-confirmation" target={target} value={confirmation} onChange={setConfirmation} />
          <ReasonField id="action-reason" label="Reason" value={reason} minLength={minLength} onChange={setReason} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="action-form" variant={props.variant} isLoading={runner.isPending} isDisabled={!ready || runner.isPending}>
          {props.submitLabel}
        </Button>
        <Button variant="link" onClick={props.onClose}>
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function PreviewBody({
  preview,
  inputProblem,
  renderDetails,
}: {
  preview: { data?: { preview: ActionPreview }; isPending: boolean; isError: boolean; error: unknown; isFetching: boolean };
  inputProblem: string | null;
  renderDetails?: (preview: ActionPreview) => ReactNode;
}) {
  if (inputProblem !== null) {
    return (
      <HelperText>
        <HelperTextItem variant="error">{inputProblem}</HelperTextItem>
      </HelperText>
    );
  }
  if (preview.isError) {
    return (
      <Alert variant="danger" isInline isPlain title="No preview" data-testid="action-preview-error">
        {errorMessage(preview.error)}
      </Alert>
    );
  }
  if (!preview.data) return <Skeleton screenreaderText="Loading the preview" />;
  return (
    <div data-testid="action-preview" aria-busy={preview.isFetching}>
      <p>{preview.data.preview.summary}</p>
      {renderDetails?.(preview.data.preview)}
    </div>
  );
}
