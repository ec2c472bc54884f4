'use client';

import { Alert, AlertActionCloseButton, Flex } from '@patternfly/react-core';
import type { RefreshPreferences } from '@fleet/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog, type ActionOutcome, type ActionPreview } from '@/actions/ActionDialog';
import { RefusalWhy } from '@/actions/RefusalWhy';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { useTRPC } from '@/trpc/client';
import { RefreshPreferencesForm } from './RefreshPreferencesForm';
import { DEFAULT_PREFERENCES, readPreferences } from './refresh-preferences';
import { RefreshTargetFacts } from './RefreshTargetFacts';
import { endedRefreshOf } from './notice-end';
import type { AsgDetail, RefreshTargetFacts as Facts } from './types';

type Kind = 'start' | 'cancel' | 'rollback';

const ACTIONS: Record<Kind, string> = { start: 'asg.refresh.start', cancel: 'asg.refresh.cancel', rollback: 'asg.refresh.rollback' };

/** The mutations of the three refresh actions, each as a runner for the dialog. */
function useRefreshRunners() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // After an action the group, the journal and the audit trail all change.
  const options = { onSettled: () => queryClient.invalidateQueries() };
  const start = useMutation(trpc.asgs.startRefresh.mutationOptions(options));
  const cancel = useMutation(trpc.asgs.cancelRefresh.mutationOptions(options));
  const rollback = useMutation(trpc.asgs.rollbackRefresh.mutationOptions(options));
  return {
    start: mutationRunner<{ preferences: RefreshPreferences } | null>(start),
    cancel: mutationRunner<Record<string, never>>(cancel),
    rollback: mutationRunner<Record<string, never>>(rollback),
  };
}

function outcomeNotice(outcome: ActionOutcome): { variant: 'success' | 'info' | 'danger'; title: string } {
  const subject = outcome.action === ACTIONS.start ? 'Refresh' : outcome.action === ACTIONS.cancel ? 'Cancellation' : 'Rollback';
  const again = outcome.replayed ? ' (this request had already been made; nothing was done twice)' : '';
  switch (outcome.state) {
    case 'succeeded':
      return { variant: 'success', title: `${subject} of ${outcome.target} requested from AWS${again}` };
    case 'pending-approval':
      return { variant: 'info', title: `${subject} of ${outcome.target} waits for a second person's approval${again}` };
    case 'failed':
      return { variant: 'danger', title: `${subject} of ${outcome.target} failed: ${outcome.error?.message ?? 'no reason given'}` };
    default:
      return { variant: 'info', title: `${subject} of ${outcome.target} is ${outcome.state}${again}` };
  }
}

interface StartPreviewDetails {
  facts?: Facts;
  replaced?: string[];
  batches?: number;
}

function StartDetails({ preview, total }: { preview: ActionPreview; total: number }) {
  const details = preview.details as StartPreviewDetails | null;
  if (!details?.facts || !details.replaced) return null;
  return (
    <div className="pf-v6-u-mt-md">
      <RefreshTargetFacts facts={details.facts} total={total} showRefusal={false} />
      {details.replaced.length > 0 && (
        <p className="pf-v6-u-font-size-sm pf-v6-u-mt-sm">
          Replaced: {details.replaced.map((id) => <code key={id}>{id} </code>)}
        </p>
      )}
    </div>
  );
}

/** Start, cancel and roll back the group's instance refresh, each behind the guard's confirmation. */
export function AsgActions({ group }: { group: AsgDetail }) {
  const [open, setOpen] = useState<Kind | null>(null);
  const [draft, setDraft] = useState(DEFAULT_PREFERENCES);
  const [notice, setNotice] = useState<ActionOutcome | null>(null);
  const runners = useRefreshRunners();
  const active = group.current !== null;
  const start = useActionChecks(ACTIONS.start, group.name);
  const cancel = useActionChecks(ACTIONS.cancel, group.name);
  const rollback = useActionChecks(ACTIONS.rollback, group.name);
  const rollbackRefusal = group.rollbackRefusal;

  const openDialog = (kind: Kind) => {
    runners[kind].reset();
    if (kind === 'start') setDraft(DEFAULT_PREFERENCES);
    setOpen(kind);
  };
  const done = (outcome: ActionOutcome) => {
    setNotice(outcome);
    setOpen(null);
  };
  // Once the refresh the notice announced is over, the notice says so rather than "requested".
  const ended = notice && endedRefreshOf(notice, group.history);
  const preferences = readPreferences(draft);
  const firstProblem = preferences.ok ? null : 'Fix the preferences above to see what the refresh will do.';
  // A four-eyes start does not start anything yet: it asks a second person, and the button says so.
  const needsApproval = start.notes.some((note) => note.check === 'four-eyes');
  const startLabel = needsApproval ? 'Request approval' : 'Start refresh';
  const shownRefusal = active ? cancel.refusal : start.refusal;

  return (
    <>
      <Flex spaceItems={{ default: 'spaceItemsSm' }} data-testid="asg-actions">
        {!active && <ActionButton label={startLabel} variant="primary" disabledBecause={start.refusal?.message ?? null} onClick={() => openDialog('start')} />}
        {active && <ActionButton label="Cancel refresh" variant="secondary" disabledBecause={cancel.refusal?.message ?? null} onClick={() => openDialog('cancel')} />}
        {active && (
          <ActionButton
            label="Roll back"
            variant="danger"
            disabledBecause={rollbackRefusal ? `AWS would refuse: ${rollbackRefusal}` : (rollback.refusal?.message ?? null)}
            onClick={() => openDialog('rollback')}
          />
        )}
      </Flex>
      {shownRefusal && (
        <div>
          <span className="pf-v6-u-font-size-sm pf-v6-u-text-color-subtle" data-testid="asg-actions-refusal">
            {shownRefusal.message}
          </span>
          <RefusalWhy detail={shownRefusal.detail} />
        </div>
      )}
      {notice && (
        <Alert
          variant={ended ? 'info' : outcomeNotice(notice).variant}
          isInline
          title={ended ? `The refresh of ${notice.target} has ended: ${ended.status}` : outcomeNotice(notice).title}
          actionClose={<AlertActionCloseButton onClose={() => setNotice(null)} />}
          data-testid="action-notice"
          style={{ flexBasis: '100%' }}
        >
          {notice.state === 'pending-approval' ? <Link href="/approvals">See the approvals</Link> : <Link href={`/audit?correlationId=${notice.correlationId}`}>See it in the audit trail</Link>}
        </Alert>
      )}
      {open === 'start' && (
        <ActionDialog
          action={ACTIONS.start}
          target={group.name}
          title={needsApproval ? `Request approval to refresh ${group.name}` : `Start an instance refresh of ${group.name}`}
          submitLabel={startLabel}
          variant="primary"
          input={preferences.ok ? { preferences: preferences.value } : null}
          inputProblem={firstProblem}
          renderDetails={(preview) => <StartDetails preview={preview} total={group.instances.length} />}
          runner={runners.start}
          onClose={() => setOpen(null)}
          onDone={done}
        >
          <RefreshPreferencesForm draft={draft} problems={preferences.ok ? {} : preferences.problems} onChange={setDraft} />
        </ActionDialog>
      )}
      {(open === 'cancel' || open === 'rollback') && (
        <ActionDialog
          action={ACTIONS[open]}
          target={group.name}
          title={open === 'cancel' ? `Cancel the refresh of ${group.name}` : `Roll back the refresh of ${group.name}`}
          submitLabel={open === 'cancel' ? 'Cancel refresh' : 'Roll back'}
          variant="danger"
          input={{}}
          runner={runners[open]}
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
    </>
  );
}
