'use client';

import { Alert, AlertActionCloseButton, FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog, type ActionOutcome } from '@/actions/ActionDialog';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { useTRPC } from '@/trpc/client';

const ACTION = 'housekeeping.run';
const LIMIT = /^[\w.*?!&@:,[\]-]*$/;
const TAGS = /^[\w,-]*$/;

interface RunHousekeepingButtonProps {
  controller: string;
  job: string;
  /** Prefilled --limit, e.g. one node's host name; empty: every host. */
  limit?: string;
  label?: string;
  variant?: 'primary' | 'secondary';
}

/** Runs a housekeeping job through the guard, on every host or the ones named, and links the run it queued. */
export function RunHousekeepingButton({ controller, job, limit: initialLimit = '', label, variant = 'secondary' }: RunHousekeepingButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(initialLimit);
  const [tags, setTags] = useState('');
  const [notice, setNotice] = useState<ActionOutcome | null>(null);
  const checks = useActionChecks(ACTION, job);
  const run = useMutation(trpc.housekeeping.run.mutationOptions({ onSettled: () => queryClient.invalidateQueries() }));
  const runner = mutationRunner<{ controller: string; limit: string; tags: string }>(run);
  const problem = !LIMIT.test(limit.trim())
    ? 'The limit takes host names, groups or patterns separated by commas.'
    : !TAGS.test(tags.trim())
      ? 'Tags are names separated by commas.'
      : null;
  const runId = notice?.state === 'succeeded' ? (notice.result as { runId?: string } | null)?.runId : undefined;
  return (
    <>
      <ActionButton
        label={label ?? `Run ${job}`}
        variant={variant}
        disabledBecause={checks.refusal?.message ?? null}
        onClick={() => {
          run.reset();
          setLimit(initialLimit);
          setOpen(true);
        }}
      />
      {notice && (
        <Alert
          variant={notice.state === 'succeeded' ? 'success' : notice.state === 'failed' ? 'danger' : 'info'}
          isInline
          title={notice.state === 'succeeded' ? `${job} queued in Jenkins` : `${job}: ${notice.state}${notice.error ? `: ${notice.error.message}` : ''}`}
          actionClose={<AlertActionCloseButton onClose={() => setNotice(null)} />}
          data-testid="housekeeping-notice"
          className="pf-v6-u-my-sm"
        >
          {runId ? <Link href={`/housekeeping/runs/${encodeURIComponent(runId)}`}>Follow the run</Link> : <Link href={`/audit?correlationId=${notice.correlationId}`}>See it in the audit trail</Link>}
        </Alert>
      )}
      {open && (
        <ActionDialog
          action={ACTION}
          target={job}
          title={`Run ${job}`}
          submitLabel="Run it"
          variant="primary"
          input={{ controller, limit: limit.trim(), tags: tags.trim() }}
          inputProblem={problem}
          runner={runner}
          onClose={() => setOpen(false)}
          onDone={(outcome) => {
            setNotice(outcome);
            setOpen(false);
          }}
        >
          <FormGroup label="Hosts (--limit)" fieldId="housekeeping-limit">
            <TextInput id="housekeeping-limit" value={limit} onChange={(_event, value) => setLimit(value)} placeholder="every host" autoComplete="off" spellCheck={false} />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>Host names as the inventory names them, groups (worker_rhel8_builder) or patterns, separated by commas; empty for every host.</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label="Tags (--tags)" fieldId="housekeeping-tags">
            <TextInput id="housekeeping-tags" value={tags} onChange={(_event, value) => setTags(value)} placeholder="every task" autoComplete="off" spellCheck={false} />
          </FormGroup>
        </ActionDialog>
      )}
    </>
  );
}
