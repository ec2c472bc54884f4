'use client';

import { Alert, AlertActionCloseButton, List, ListItem } from '@patternfly/react-core';
import { shortSha } from '@fleet/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog, type ActionOutcome, type ActionPreview } from '@/actions/ActionDialog';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { AmiLink } from '@/components/links';
import { useTRPC } from '@/trpc/client';

export const BAKE_ACTION = 'bake.start';
const ACTION = BAKE_ACTION;

interface PlanDetails {
  mode: 'full-bake' | 're-tag';
  since: string | null;
  packerCommits: { sha: string; subject: string | null }[];
  workerTypes: string[];
  retags: { workerType: string; imageId: string | null; newestImageId: string | null }[];
  estimateMs: number | null;
  job: string;
  controller: string;
}

function PlanDetailsList({ preview }: { preview: ActionPreview }) {
  const details = preview.details as PlanDetails | null;
  if (!details?.mode) return null;
  return (
    <List isPlain className="pf-v6-u-font-size-sm" data-testid="bake-plan">
      <ListItem>
        Jenkins job <code>{details.job}</code> on {details.controller}, for {details.workerTypes.join(', ')}
      </ListItem>
      {details.mode === 'full-bake' && details.packerCommits.length > 0 && (
        <ListItem>
          Commits between the last bake and this one that changed packer/:{' '}
          {details.packerCommits.map((c) => (
            <span key={c.sha}>
              <code>{shortSha(c.sha)}</code> {c.subject ?? ''};{' '}
            </span>
          ))}
        </ListItem>
      )}
      {details.mode === 're-tag' &&
        details.retags.map((r) => (
          <ListItem key={r.workerType}>
            {r.workerType}: {r.imageId ? <AmiLink imageId={r.imageId} /> : 'no AMI to re-tag'} takes the commit
            {r.imageId && r.newestImageId && (
              <>
                {' '}
                (the AMI created last, not the newest by commit, <AmiLink imageId={r.newestImageId} />)
              </>
            )}
          </ListItem>
        ))}
    </List>
  );
}

/** A bake to confirm: the commit (full sha) and the worker types (empty: all). */
export interface BakeRequest {
  commit: string;
  workerTypes: string[];
}

/**
 * One confirmation dialog for the bakes of a page, opened for any commit and worker types: a page
 * of fifty commits runs one dialog, not fifty. The notice after it links to the bake it queued.
 */
export function useBakeDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [request, setRequest] = useState<BakeRequest | null>(null);
  const [notice, setNotice] = useState<{ outcome: ActionOutcome; target: string } | null>(null);
  const start = useMutation(trpc.bakes.start.mutationOptions({ onSettled: () => queryClient.invalidateQueries() }));
  const runner = mutationRunner<BakeRequest>(start);
  const open = (next: BakeRequest) => {
    runner.reset();
    setRequest(next);
  };
  const target = request ? shortSha(request.commit) : '';
  const element = (
    <>
      {notice && <BakeNotice outcome={notice.outcome} target={notice.target} onClose={() => setNotice(null)} />}
      {request && (
        <ActionDialog
          action={ACTION}
          target={target}
          title={request.workerTypes.length === 1 ? `Rebuild ${request.workerTypes[0]} at ${target}` : `Bake the AMIs of ${target}`}
          submitLabel="Start the bake"
          variant="primary"
          input={request}
          renderDetails={(preview) => <PlanDetailsList preview={preview} />}
          runner={runner}
          onClose={() => setRequest(null)}
          onDone={(outcome) => {
            setNotice({ outcome, target });
            setRequest(null);
          }}
        />
      )}
    </>
  );
  return { open, element };
}

function BakeNotice({ outcome, target, onClose }: { outcome: ActionOutcome; target: string; onClose: () => void }) {
  const bakeId = outcome.state === 'succeeded' ? (outcome.result as { bakeId?: string } | null)?.bakeId : undefined;
  const title =
    outcome.state === 'succeeded'
      ? `Bake of ${target} queued in Jenkins${outcome.replayed ? ' (this request had already been made; nothing was done twice)' : ''}`
      : outcome.state === 'pending-approval'
        ? `The bake of ${target} waits for a second person's approval`
        : `The bake of ${target} ${outcome.state}: ${outcome.error?.message ?? ''}`;
  return (
    <Alert
      variant={outcome.state === 'succeeded' ? 'success' : outcome.state === 'failed' ? 'danger' : 'info'}
      isInline
      title={title}
      actionClose={<AlertActionCloseButton onClose={onClose} />}
      data-testid="bake-notice"
      className="pf-v6-u-my-sm"
    >
      {bakeId ? <Link href={`/bakes/${encodeURIComponent(bakeId)}`}>Follow the bake</Link> : <Link href={`/audit?correlationId=${outcome.correlationId}`}>See it in the audit trail</Link>}
    </Alert>
  );
}

/** The bake queued or running for this commit and any of these worker types, from `bakes.active`. */
export function useActiveBake(commit: string, workerTypes: string[]) {
  const trpc = useTRPC();
  const active = useQuery(trpc.bakes.active.queryOptions(undefined, { refetchInterval: 15_000 }));
  return active.data?.find(
    (b) =>
      b.commit !== null &&
      (b.commit.startsWith(commit) || commit.startsWith(b.commit)) &&
      (workerTypes.length === 0 || b.workerTypesRequested.length === 0 || workerTypes.some((t) => b.workerTypesRequested.includes(t))),
  );
}

/** A link to a bake already queued or running, said in the words the page shows. */
export function ActiveBakeLink({ bake, target }: { bake: { id: string; state: string; number: number | null }; target: string }) {
  return (
    <Link href={`/bakes/${encodeURIComponent(bake.id)}`} className="pf-v6-u-font-size-sm" data-testid="bake-running-link">
      {bake.state === 'queued' ? 'Bake queued' : `Bake #${bake.number} running`} for {target}
    </Link>
  );
}

interface RebuildButtonProps extends BakeRequest {
  label: string;
  variant?: 'primary' | 'secondary' | 'link';
}

/**
 * Runs the bake job for a commit through the guard: the preview says whether build_images.sh will
 * bake or re-tag and about how long; a bake of the commit already queued or running is linked
 * instead of started twice.
 */
export function RebuildButton({ commit, workerTypes, label, variant = 'secondary' }: RebuildButtonProps) {
  const target = shortSha(commit);
  const checks = useActionChecks(ACTION, target);
  const running = useActiveBake(commit, workerTypes);
  const dialog = useBakeDialog();
  return (
    <>
      {running ? <ActiveBakeLink bake={running} target={target} /> : <ActionButton label={label} variant={variant} disabledBecause={checks.refusal?.message ?? null} onClick={() => dialog.open({ commit, workerTypes })} />}
      {dialog.element}
    </>
  );
}
