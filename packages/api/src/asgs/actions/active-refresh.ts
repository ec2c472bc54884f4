import { cancelRefresh, describeRefreshes, rollbackRefresh } from '@fleet/aws';
import { isActiveRefresh } from '@fleet/core';
import { z } from 'zod';
import { type ActionContext, ActionError, defineAction } from '../../guard/action-definition.ts';
import { rollbackRefusalFor } from '../drift.ts';
import { autoScalingCallError } from '../../auto-scaling/actions/call-outcome.ts';
import { autoScalingFor, autoScalingOnceFor, resyncGroup } from '../../auto-scaling/actions/clients.ts';
import { targetGroup } from './target.ts';

/** The confirmed preview names the refresh acted on: `<group>|<refresh id>`. */
const fingerprintOf = (target: string, refreshId: string) => `${target}|${refreshId}`;
const refreshIdOf = (fingerprint: string) => fingerprint.split('|')[1] ?? null;

function activePreview(action: 'cancel' | 'roll back') {
  return async (ctx: ActionContext, { target }: { target: string }) => {
    const { group, latest } = await targetGroup(ctx, target);
    if (!latest || !isActiveRefresh(latest.status)) {
      throw new ActionError('no-active-refresh', `${target} has no refresh in progress to ${action}.`);
    }
    if (action === 'roll back') {
      const refusal = rollbackRefusalFor(group, latest);
      if (refusal) throw new ActionError('rollback-refused', `AWS would refuse to roll back ${target}: ${refusal}.`);
    }
    const verb = action === 'cancel' ? 'Cancel' : 'Roll back';
    return {
      summary: `${verb} refresh ${latest.id} of ${target} (${latest.status}, ${latest.percentageComplete ?? 0}% done)${action === 'roll back' ? ', replacing the instances it already replaced' : '; instances already replaced stay'}.`,
      fingerprint: fingerprintOf(target, latest.id),
      details: { refreshId: latest.id, status: latest.status, percentageComplete: latest.percentageComplete },
    };
  };
}

/** Cancel and rollback act on the refresh in progress and differ only in the call and its proof. */
function activeRefreshAction(name: string, verb: 'cancel' | 'roll back', call: typeof cancelRefresh, callName: string, tookEffect: (status: string) => boolean) {
  return defineAction({
    name,
    targetKind: 'asg',
    input: z.strictObject({}),
    minimumRole: 'operator',
    preview: activePreview(verb),
    async execute(ctx, { target }) {
      const { group, account } = await targetGroup(ctx, target);
      try {
        return { refreshId: await call(autoScalingOnceFor(account, group.region), target, `AutoScaling in account ${account.name}`) };
      } catch (error) {
        throw autoScalingCallError(error, callName);
      }
    },
    // The refresh the person confirmed acting on, read back: did it move to the state this call puts it in?
    async reconcile(ctx, journal) {
      const { group, account } = await targetGroup(ctx, journal.target);
      const refreshes = await describeRefreshes(autoScalingFor(account, group.region), journal.target, `AutoScaling in account ${account.name}`, 10);
      const confirmed = refreshIdOf(journal.previewFingerprint);
      const refresh = refreshes.find((r) => r.id === confirmed) ?? (confirmed === null ? refreshes[0] : undefined);
      if (!refresh) return 'unknown';
      return tookEffect(refresh.status) ? { state: 'succeeded', result: { refreshId: refresh.id } } : 'failed';
    },
    onCompleted: (ctx, journal) => resyncGroup(ctx, journal.target),
  });
}

export const cancelRefreshAction = activeRefreshAction('asg.refresh.cancel', 'cancel', cancelRefresh, 'CancelInstanceRefresh', (s) => s === 'Cancelling' || s === 'Cancelled');
export const rollbackRefreshAction = activeRefreshAction('asg.refresh.rollback', 'roll back', rollbackRefresh, 'RollbackInstanceRefresh', (s) => s.startsWith('Rollback'));
