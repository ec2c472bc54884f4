'use client';

import { Alert, AlertActionCloseButton, Checkbox, Flex, FormGroup, FormHelperText, HelperText, HelperTextItem, Radio, TextInput } from '@patternfly/react-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog, type ActionOutcome } from '@/actions/ActionDialog';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { useTRPC } from '@/trpc/client';
import type { NodeDetail } from '@/trpc/types';

type Kind = 'offline' | 'online' | 'markUnhealthy' | 'terminate';

const ACTIONS: Record<Kind, { name: string; title: string; submit: string; done: string }> = {
  offline: { name: 'node.agent.offline', title: 'Take the Jenkins agent offline', submit: 'Take it offline', done: 'Jenkins agent taken offline' },
  online: { name: 'node.agent.online', title: 'Bring the Jenkins agent back online', submit: 'Bring it online', done: 'Jenkins agent brought back online' },
  markUnhealthy: { name: 'node.markUnhealthy', title: 'Mark the instance unhealthy in its group', submit: 'Mark unhealthy', done: 'Instance marked Unhealthy in its group' },
  terminate: { name: 'node.terminate', title: 'Terminate the instance in its group', submit: 'Terminate', done: 'Termination requested from AWS' },
};

function useNodeRunners() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // After an action the node, the journal and the audit trail all change.
  const options = { onSettled: () => queryClient.invalidateQueries() };
  return {
    offline: mutationRunner<{ message: string }>(useMutation(trpc.nodes.takeAgentOffline.mutationOptions(options))),
    online: mutationRunner<Record<string, never>>(useMutation(trpc.nodes.bringAgentOnline.mutationOptions(options))),
    markUnhealthy: mutationRunner<{ respectGracePeriod: boolean }>(useMutation(trpc.nodes.markUnhealthy.mutationOptions(options))),
    terminate: mutationRunner<{ replace: boolean }>(useMutation(trpc.nodes.terminate.mutationOptions(options))),
  };
}

/** Whether the node as last synced already shows what the action did. */
function reflected(kind: Kind | undefined, node: NodeDetail): boolean {
  const leaving = node.goneAt !== null || /^Terminat/.test(node.asg?.lifecycleState ?? '');
  switch (kind) {
    case 'offline':
      return node.agent?.state === 'temporarily-offline';
    case 'online':
      return node.agent?.state !== 'temporarily-offline';
    case 'markUnhealthy':
      return leaving || node.asg?.healthStatus === 'Unhealthy';
    case 'terminate':
      return leaving;
    default:
      return false;
  }
}

function Notice({ outcome, node, onClose }: { outcome: ActionOutcome; node: NodeDetail; onClose: () => void }) {
  const kind = (Object.keys(ACTIONS) as Kind[]).find((k) => ACTIONS[k].name === outcome.action);
  const what = kind ? ACTIONS[kind].done : outcome.action;
  const again = outcome.replayed ? ' (this request had already been made; nothing was done twice)' : '';
  const title =
    outcome.state === 'succeeded'
      ? `${what}${again}; ${reflected(kind, node) ? 'the page below shows it' : 'this page shows it after the next sync'}`
      : outcome.state === 'failed'
        ? `${what.split(' ')[0]} failed: ${outcome.error?.message ?? 'no reason given'}`
        : `${outcome.action} on ${outcome.target} is ${outcome.state}${again}`;
  const variant = outcome.state === 'succeeded' ? 'success' : outcome.state === 'failed' ? 'danger' : 'info';
  return (
    <Alert variant={variant} isInline title={title} actionClose={<AlertActionCloseButton onClose={onClose} />} data-testid="node-action-notice" className="pf-v6-u-mt-sm">
      {outcome.state === 'pending-approval' ? <Link href="/approvals">See the approvals</Link> : <Link href={`/audit?correlationId=${outcome.correlationId}`}>See it in the audit trail</Link>}
    </Alert>
  );
}

/**
 * What AWS and Jenkins let an SRE do with one node, each behind the guard's confirmation: the
 * agent offline or back, the instance marked unhealthy or terminated in its group.
 */
export function NodeActions({ node }: { node: NodeDetail }) {
  const [open, setOpen] = useState<Kind | null>(null);
  const [notice, setNotice] = useState<ActionOutcome | null>(null);
  const [message, setMessage] = useState('');
  const [respectGracePeriod, setRespectGracePeriod] = useState(true);
  const [replace, setReplace] = useState(true);
  const runners = useNodeRunners();
  const id = node.instanceId;
  const agentMarked = node.agent?.state === 'temporarily-offline';
  const agentKind: Kind = agentMarked ? 'online' : 'offline';
  const agentChecks = useActionChecks(ACTIONS[agentKind].name, id);
  const unhealthyChecks = useActionChecks(ACTIONS.markUnhealthy.name, id);
  const terminateChecks = useActionChecks(ACTIONS.terminate.name, id);

  const inGroup = node.asgName !== null && node.asg !== null && node.asgKnown;
  const leaving = /^Terminat/.test(node.asg?.lifecycleState ?? '') || node.asg?.healthStatus === 'Unhealthy';
  const groupWhy = !inGroup ? 'The instance is in no Auto Scaling group the portal knows.' : leaving ? `Auto Scaling is already replacing it (${node.asg?.lifecycleState}, ${node.asg?.healthStatus}).` : null;
  const agentWhy = node.agentName === null ? 'Jenkins has no agent for this node.' : null;
  // The first refusal that is about the person (role, sign-in) applies to every button: say it once.
  const personal = [agentChecks, unhealthyChecks, terminateChecks].map((c) => c.refusal).find((r) => r && (r.check === 'role' || r.check === 'authenticated')) ?? null;

  const openDialog = (kind: Kind) => {
    runners[kind].reset();
    setMessage('');
    setRespectGracePeriod(true);
    setReplace(true);
    setOpen(kind);
  };
  const done = (outcome: ActionOutcome) => {
    setNotice(outcome);
    setOpen(null);
  };
  const dialog = (kind: Kind, input: object, extra: { inputProblem?: string | null; variant?: 'primary' | 'danger'; children?: ReactNode } = {}) => (
    <ActionDialog
      action={ACTIONS[kind].name}
      target={id}
      title={ACTIONS[kind].title}
      submitLabel={ACTIONS[kind].submit}
      variant={extra.variant ?? 'primary'}
      input={input}
      inputProblem={extra.inputProblem ?? null}
      runner={runners[kind]}
      onClose={() => setOpen(null)}
      onDone={done}
    >
      {extra.children}
    </ActionDialog>
  );

  return (
    <div data-testid="node-actions">
      <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }}>
        <ActionButton
          label={agentMarked ? 'Bring agent online' : 'Take agent offline'}
          variant="secondary"
          disabledBecause={agentWhy ?? agentChecks.refusal?.message ?? null}
          onClick={() => openDialog(agentKind)}
        />
        <ActionButton label="Mark unhealthy" variant="secondary" disabledBecause={groupWhy ?? unhealthyChecks.refusal?.message ?? null} onClick={() => openDialog('markUnhealthy')} />
        <ActionButton label="Terminate…" variant="danger" disabledBecause={groupWhy ?? terminateChecks.refusal?.message ?? null} onClick={() => openDialog('terminate')} />
        {personal && (
          <span className="pf-v6-u-font-size-sm pf-v6-u-text-color-subtle" data-testid="node-actions-refusal">
            {personal.message}
          </span>
        )}
      </Flex>
      {notice && <Notice outcome={notice} node={node} onClose={() => setNotice(null)} />}
      {open === 'offline' &&
        dialog('offline', { message: message.trim() }, {
          inputProblem: message.trim() === '' ? 'Write the message Jenkins shows as the reason the agent is offline.' : null,
          children: (
            <FormGroup label="Message for Jenkins" isRequired fieldId="agent-offline-message">
              <TextInput id="agent-offline-message" value={message} onChange={(_event, value) => setMessage(value)} autoComplete="off" isRequired />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>Shown on the agent in Jenkins as its offline cause, with your name. Running builds finish; no new ones start.</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          ),
        })}
      {open === 'online' && dialog('online', {})}
      {open === 'markUnhealthy' &&
        dialog('markUnhealthy', { respectGracePeriod }, {
          children: (
            <Checkbox
              id="respect-grace-period"
              label="Respect the group’s health check grace period"
              description="Leave it on unless the instance is broken right after launch: within the grace period AWS ignores the mark."
              isChecked={respectGracePeriod}
              onChange={(_event, checked) => setRespectGracePeriod(checked)}
            />
          ),
        })}
      {open === 'terminate' &&
        dialog('terminate', { replace }, {
          variant: 'danger',
          children: (
            <FormGroup role="radiogroup" isStack fieldId="terminate-replace" label="After the termination">
              <Radio id="terminate-with-replacement" name="terminate-replace" label="Launch a replacement (desired capacity stays)" isChecked={replace} onChange={() => setReplace(true)} />
              <Radio id="terminate-without-replacement" name="terminate-replace" label="Shrink the group by one (no replacement)" isChecked={!replace} onChange={() => setReplace(false)} />
            </FormGroup>
          ),
        })}
    </div>
  );
}
