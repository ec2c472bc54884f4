import { AwsFailure, describeGroups, markInstanceUnhealthy, terminateInstanceInGroup } from '@fleet/aws';
import type { JournalEntry } from '@fleet/db';
import { z } from 'zod';
import { autoScalingCallError } from '../../auto-scaling/actions/call-outcome.ts';
import { autoScalingFor, autoScalingOnceFor, resyncGroup } from '../../auto-scaling/actions/clients.ts';
import { type ActionContext, ActionError, defineAction, type ReconcileVerdict } from '../../guard/action-definition.ts';
import { nodeInGroup, requestNodeResync } from './node-target.ts';

const markUnhealthyInput = z.strictObject({ respectGracePeriod: z.boolean().default(true) });
const terminateInput = z.strictObject({ replace: z.boolean() });

const AT_MINIMUM = /desiredSize equals minSize \((\d+)\)/;
const NOT_MANAGED = /No managed instance found for instance ID/;

/** AWS's refusals an SRE meets here, in plain words first and AWS's own after. */
function plainRefusal(error: unknown, instanceId: string, group: string): unknown {
  if (!(error instanceof ActionError) || error.changed !== 'nothing') return error;
  const atMinimum = AT_MINIMUM.exec(error.message);
  if (atMinimum) {
    return new ActionError(
      'group-at-minimum',
      `${group} is at its minimum size (${atMinimum[1]}), so AWS refused to terminate ${instanceId} without a replacement; terminate it with a replacement, or lower the group's minimum first. AWS said: ${error.message}`,
      'nothing',
      { cause: error },
    );
  }
  if (NOT_MANAGED.test(error.message)) {
    return new ActionError(
      'not-in-group',
      `${instanceId} is no longer in ${group} or any other group of that account (terminated or detached since the last sync); nothing was done, and the next sync shows where it went. AWS said: ${error.message}`,
      'nothing',
      { cause: error },
    );
  }
  return error;
}

/** The instance as its group lists it now at AWS; null when the group no longer has it. */
async function memberNow(ctx: ActionContext, journal: JournalEntry) {
  const { group, account, where } = await nodeInGroup(ctx, journal.target);
  const listing = await describeGroups(autoScalingFor(account, group.region), [group.name], where);
  // A group AWS described in a way that cannot be read says nothing of its members: undecided, not gone.
  const refused = listing.refused[0];
  if (refused) throw new AwsFailure('bad-response', refused.problem);
  const [live] = listing.groups;
  return live?.instances.find((i) => i.instanceId === journal.target) ?? null;
}

const leaving = (state: string) => state.startsWith('Terminating') || state === 'Terminated';

async function afterMemberAction(ctx: ActionContext, journal: JournalEntry): Promise<void> {
  const { group } = await nodeInGroup(ctx, journal.target);
  await resyncGroup(ctx, group.name);
  // The health judgement copies the group's members, just read, onto the nodes.
  await requestNodeResync(ctx, []);
}

/** SetInstanceHealth Unhealthy: Auto Scaling terminates the instance and launches a replacement. */
export const markUnhealthyAction = defineAction({
  name: 'node.markUnhealthy',
  targetKind: 'node',
  input: markUnhealthyInput,
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    const { node, group, account } = await nodeInGroup(ctx, target);
    if (node.healthStatus === 'Unhealthy' || leaving(node.lifecycleState ?? '')) {
      throw new ActionError('already-leaving', `${target} is already ${node.healthStatus === 'Unhealthy' ? 'marked Unhealthy' : node.lifecycleState} in ${group.name}: Auto Scaling is replacing it.`);
    }
    const grace = input.respectGracePeriod ? ' If it is still within the group’s health check grace period, AWS ignores the mark.' : ' The group’s health check grace period is not respected.';
    return {
      summary: `Mark ${target} Unhealthy in ${group.name} (account ${account.name}, ${group.region}): Auto Scaling takes it out of service and launches a replacement, keeping ${group.desiredCapacity} desired.${grace}`,
      fingerprint: `${target}|${group.name}|${node.lifecycleState}|${node.healthStatus}|${input.respectGracePeriod}`,
      details: { instanceId: target, group: group.name, accountId: group.accountId, region: group.region, lifecycleState: node.lifecycleState, healthStatus: node.healthStatus, desiredCapacity: group.desiredCapacity, respectGracePeriod: input.respectGracePeriod },
    };
  },
  async execute(ctx, { target, input }) {
    const { group, account, where } = await nodeInGroup(ctx, target);
    try {
      await markInstanceUnhealthy(autoScalingOnceFor(account, group.region), target, input.respectGracePeriod, where);
    } catch (error) {
      throw plainRefusal(autoScalingCallError(error, 'SetInstanceHealth', `${target}'s health in its group`), target, group.name);
    }
    return { instanceId: target, group: group.name };
  },
  // Marked, or already on its way out: the mark took. Healthy and in service: it did not (or AWS ignored it in the grace period).
  async reconcile(ctx, journal): Promise<ReconcileVerdict> {
    const member = await memberNow(ctx, journal);
    if (!member || member.healthStatus.toLowerCase() === 'unhealthy' || leaving(member.lifecycleState)) return 'succeeded';
    return 'failed';
  },
  onCompleted: afterMemberAction,
});

/** TerminateInstanceInAutoScalingGroup, with a replacement or shrinking the group by one. */
export const terminateInGroupAction = defineAction({
  name: 'node.terminate',
  targetKind: 'node',
  input: terminateInput,
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    const { node, group, account } = await nodeInGroup(ctx, target);
    if (leaving(node.lifecycleState ?? '')) throw new ActionError('already-leaving', `${target} is already ${node.lifecycleState} in ${group.name}.`);
    const desired = group.desiredCapacity;
    const outcome = input.replace
      ? `and launch a replacement: the group keeps ${desired} desired`
      : desired <= group.minSize
        ? `without a replacement: AWS will refuse, as ${group.name} is at its minimum size (${group.minSize}); choose a replacement or lower the minimum first`
        : `without a replacement: the group's desired capacity goes from ${desired} to ${desired - 1} (minimum ${group.minSize})`;
    return {
      summary: `Terminate ${target} in ${group.name} (account ${account.name}, ${group.region}) ${outcome}. Builds running on its agent are cut off.`,
      fingerprint: `${target}|${group.name}|${node.lifecycleState}|${input.replace ? 'replace' : `decrement:${desired}`}`,
      details: { instanceId: target, group: group.name, accountId: group.accountId, region: group.region, replace: input.replace, desiredCapacity: desired, desiredAfter: input.replace ? desired : desired - 1, minSize: group.minSize },
    };
  },
  async execute(ctx, { target, input }) {
    const { group, account, where } = await nodeInGroup(ctx, target);
    try {
      const activity = await terminateInstanceInGroup(autoScalingOnceFor(account, group.region), target, !input.replace, where);
      return { instanceId: target, group: group.name, activityId: activity.activityId, cause: activity.cause };
    } catch (error) {
      throw plainRefusal(autoScalingCallError(error, 'TerminateInstanceInAutoScalingGroup', `${target} in its group`), target, group.name);
    }
  },
  async reconcile(ctx, journal): Promise<ReconcileVerdict> {
    const member = await memberNow(ctx, journal);
    return !member || leaving(member.lifecycleState) ? 'succeeded' : 'failed';
  },
  onCompleted: afterMemberAction,
});
