'use client';

import { Alert, AlertActionCloseButton, Checkbox, FormGroup, List, ListItem } from '@patternfly/react-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog, type ActionOutcome, type ActionPreview } from '@/actions/ActionDialog';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { useTRPC } from '@/trpc/client';

const ACTION = 'clouds.resync';

interface PreviewDetails {
  method: 'casc' | 'script-console';
  pluginVersion: string | null;
  readAt: string;
  drift: string[];
  otherClouds: { kind: string; name: string | null }[];
}

/** What the journal keeps of a resync (ResyncResult in the API). */
interface ResyncResult {
  dryRun: boolean;
  method: 'casc' | 'script-console';
  changes: string[];
  checkIssues: { line: number | null; message: string }[];
  orphans: { agent: string; instanceId: string | null; cloud: string | null }[] | null;
}

function DriftList({ preview }: { preview: ActionPreview }) {
  const details = preview.details as PreviewDetails | null;
  if (!details?.drift) return null;
  return (
    <List className="pf-v6-u-font-size-sm" data-testid="clouds-drift">
      {details.drift.length === 0 ? <ListItem>Every declared cloud is in sync.</ListItem> : details.drift.map((line) => <ListItem key={line}>{line}</ListItem>)}
      {details.otherClouds.length > 0 && <ListItem>Left as they are: {details.otherClouds.map((c) => `${c.name ?? '(unnamed)'} (${c.kind})`).join(', ')}</ListItem>}
    </List>
  );
}

function outcomeTitle(controller: string, outcome: ActionOutcome, result: ResyncResult | null): string {
  if (outcome.state === 'succeeded' && result) {
    if (result.dryRun) return result.method === 'casc' ? `Dry run: ${controller}'s Configuration as Code accepts the declared clouds; nothing was changed` : `Dry run: the Script Console sync for ${controller} is written; nothing was changed`;
    return `${controller}'s clouds are resynced and read back as declared`;
  }
  return `Resync of ${controller}: ${outcome.state}${outcome.error ? `: ${outcome.error.message}` : ''}`;
}

/**
 * Resyncs a controller's EC2 Fleet clouds through the guard; a dry run unless it is unticked. The
 * button (with its dialog) and the notice of the last outcome are placed apart by the page.
 */
export function useResyncClouds(controller: string, drift: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [dryRun, setDryRun] = useState(true);
  const [notice, setNotice] = useState<ActionOutcome | null>(null);
  const checks = useActionChecks(ACTION, controller);
  const resync = useMutation(trpc.clouds.resync.mutationOptions({ onSettled: () => queryClient.invalidateQueries() }));
  const runner = mutationRunner<{ dryRun: boolean }>(resync);
  const result = notice?.state === 'succeeded' ? (notice.result as ResyncResult | null) : null;
  const button = (
    <>
      <ActionButton
        label={drift > 0 ? 'Resync clouds' : 'Check clouds'}
        variant={drift > 0 ? 'primary' : 'secondary'}
        disabledBecause={checks.refusal?.message ?? null}
        onClick={() => {
          runner.reset();
          setDryRun(true);
          setOpen(true);
        }}
      />
      {open && (
        <ActionDialog
          action={ACTION}
          target={controller}
          title={`Resync the EC2 Fleet clouds of ${controller}`}
          submitLabel={dryRun ? 'Run the dry run' : 'Resync'}
          variant={dryRun ? 'primary' : 'danger'}
          input={{ dryRun }}
          runner={runner}
          renderDetails={(preview) => <DriftList preview={preview} />}
          onClose={() => setOpen(false)}
          onDone={(outcome) => {
            setNotice(outcome);
            setOpen(false);
          }}
        >
          <FormGroup fieldId="clouds-dry-run" role="group" label="Mode">
            <Checkbox
              id="clouds-dry-run"
              label="Dry run: have the controller check the declared clouds, change nothing"
              description="Untick to write them. The portal reads the clouds again first and refuses if they changed since this preview."
              isChecked={dryRun}
              onChange={(_event, checked) => setDryRun(checked)}
            />
          </FormGroup>
        </ActionDialog>
      )}
    </>
  );
  const shown = notice && (
    <Alert
      variant={notice.state === 'succeeded' ? 'success' : notice.state === 'failed' ? 'danger' : 'info'}
      isInline
      title={outcomeTitle(controller, notice, result)}
      actionClose={<AlertActionCloseButton onClose={() => setNotice(null)} />}
      data-testid="clouds-notice"
      className="pf-v6-u-mb-md"
    >
      {result && (
        <List isPlain className="pf-v6-u-font-size-sm">
          {!result.dryRun && result.changes.map((line) => <ListItem key={line}>{line}</ListItem>)}
          {result.checkIssues.map((issue) => (
            <ListItem key={`${issue.line}:${issue.message}`}>
              Check warning{issue.line === null ? '' : ` (line ${issue.line})`}: {issue.message}
            </ListItem>
          ))}
          {result.orphans && result.orphans.length > 0 && <ListItem>Agents left without a cloud: {result.orphans.map((o) => o.agent).join(', ')}</ListItem>}
        </List>
      )}
      <Link href={`/audit?correlationId=${notice.correlationId}`}>See it in the audit trail</Link>
    </Alert>
  );
  return { button, notice: shown };
}
