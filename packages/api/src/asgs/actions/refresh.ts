import { AwsFailure, cancelRefresh, describeRefreshes, rollbackRefresh, startRefresh } from '@fleet/aws';
import { isActiveRefresh, previewRefresh } from '@fleet/core';
import { attributeRefresh } from '@fleet/db';
import { z } from 'zod';
import { rollbackRefusalFor } from '../drift.ts';
import { ActionError, defineAction } from '../../guard/action-definition.ts';
import { autoScalingFor, resyncGroup, targetGroup } from './target.ts';

/** Failures where AWS refused the call: nothing changed, the journal can say so for certain. */
const REFUSED = new Set(['auth', 'forbidden', 'invalid-request', 'not-found', 'throttled']);

function asActionError(error: unknown): unknown {
  if (!(error instanceof AwsFailure)) return error;
  const code = error.awsCode ?? error.code;
  return new ActionError(code, error.message, REFUSED.has(error.code) || code === 'InstanceRefreshInProgress' || code === 'ActiveInstanceRefreshNotFound' ? 'nothing' : 'unknown', { cause: error });
}

export const refreshPreferencesSchema = z
  .strictObject({
    minHealthyPercentage: z.number().int().min(0).max(100).default(90),
    maxHealthyPercentage: z.number().int().min(100).max(200).nullable().default(null),
    instanceWarmupSeconds: z.number().int().min(0).max(3600).nullable().default(null),
    checkpointPercentages: z.array(z.number().int().min(1).max(100)).max(10).default([]),
    checkpointDelaySeconds: z.number().int().min(0).max(172_800).nullable().default(null),
    skipMatching: z.boolean().default(true),
    autoRollback: z.boolean().default(false),
  })
  .refine((p) => p.checkpointPercentages.every((v, i, all) => i === 0 || v > all[i - 1]!), {
    message: 'checkpoint percentages must rise, e.g. 20, 50, 100',
    path: ['checkpointPercentages'],
  })
  .refine((p) => p.maxHealthyPercentage === null || p.maxHealthyPercentage - p.minHealthyPercentage <= 100, {
    message: 'the span between minimum and maximum healthy percentage may be 100 at most',
    path: ['maxHealthyPercentage'],
  });

export const startRefreshAction = defineAction({
  name: 'asg.refresh.start',
  targetKind: 'asg',
  input: z.strictObject({ preferences: refreshPreferencesSchema }),
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    const { group, latest } = await targetGroup(ctx, target);
    if (latest && isActiveRefresh(latest.status)) {
      throw new ActionError('refresh-in-progress', `${target} already has a refresh ${latest.status.toLowerCase()}; cancel or roll it back first.`);
    }
    const preview = previewRefresh({
      asgName: group.name,
      desiredCapacity: group.desiredCapacity,
      instances: group.instances,
      desired: { launchTemplateVersion: group.launchTemplateVersion, imageId: group.imageId },
      preferences: input.preferences,
    });
    const stay = `keeping at least ${preview.minInService} in service`;
    return {
      summary: `Replace ${preview.replaced.length} of ${group.instances.length} instances of ${group.name} in ${preview.batches} batch${preview.batches === 1 ? '' : 'es'} of up to ${preview.batchSize}, ${stay}${preview.skipped.length ? `; ${preview.skipped.length} already on ${group.imageId ?? 'the launch template'} are skipped` : ''}.`,
      fingerprint: preview.fingerprint,
      details: {
        replaced: preview.replaced,
        skipped: preview.skipped,
        batchSize: preview.batchSize,
        batches: preview.batches,
        minInService: preview.minInService,
        launchTemplate: `${group.launchTemplateName ?? group.launchTemplateId ?? '?'}:${group.launchTemplateVersion ?? '$Default'}`,
        imageId: group.imageId,
      },
    };
  },
  async execute(ctx, { target, input }) {
    const { group, account } = await targetGroup(ctx, target);
    const where = `AutoScaling in account ${account.name} (${account.id}, ${group.region})`;
    const launchTemplate = group.launchTemplateId ? { id: group.launchTemplateId, version: group.launchTemplateVersion ?? '$Default' } : null;
    try {
      const refreshId = await startRefresh(autoScalingFor(account, group.region), { asgName: target, launchTemplate, preferences: input.preferences }, where);
      await attributeRefresh(ctx.prisma, refreshId, target, ctx.actor, ctx.now());
      return { refreshId };
    } catch (error) {
      throw asActionError(error);
    }
  },
  async reconcile(ctx, journal) {
    const { group, account } = await targetGroup(ctx, journal.target);
    const since = (journal.startedAt ?? journal.createdAt).getTime() - 60_000;
    const refreshes = await describeRefreshes(autoScalingFor(account, group.region), journal.target, 'AutoScaling', 10);
    const ours = refreshes.find((r) => r.startTime && r.startTime.getTime() >= since);
    if (!ours) return 'failed';
    await attributeRefresh(ctx.prisma, ours.id, journal.target, journal.requestedBy, ctx.now());
    return 'succeeded';
  },
  onCompleted: (ctx, journal) => resyncGroup(ctx, journal.target),
});

function activePreview(action: 'cancel' | 'roll back') {
  return async (ctx: Parameters<typeof startRefreshAction.preview>[0], { target }: { target: string }) => {
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
      fingerprint: `${target}|${latest.id}`,
      details: { refreshId: latest.id, status: latest.status, percentageComplete: latest.percentageComplete },
    };
  };
}

/** Cancel and rollback act on the refresh in progress and differ only in the call and its proof. */
function activeRefreshAction(
  name: string,
  verb: 'cancel' | 'roll back',
  call: typeof cancelRefresh,
  tookEffect: (status: string) => boolean,
) {
  return defineAction({
    name,
    targetKind: 'asg',
    input: z.strictObject({}),
    minimumRole: 'operator',
    preview: activePreview(verb),
    async execute(ctx, { target }) {
      const { group, account } = await targetGroup(ctx, target);
      try {
        return { refreshId: await call(autoScalingFor(account, group.region), target, `AutoScaling in account ${account.name}`) };
      } catch (error) {
        throw asActionError(error);
      }
    },
    async reconcile(ctx, journal) {
      const { group, account } = await targetGroup(ctx, journal.target);
      const [latest] = await describeRefreshes(autoScalingFor(account, group.region), journal.target, 'AutoScaling', 1);
      if (!latest) return 'unknown';
      return tookEffect(latest.status) ? 'succeeded' : 'failed';
    },
    onCompleted: (ctx, journal) => resyncGroup(ctx, journal.target),
  });
}

export const cancelRefreshAction = activeRefreshAction('asg.refresh.cancel', 'cancel', cancelRefresh, (s) => s === 'Cancelling' || s === 'Cancelled');
export const rollbackRefreshAction = activeRefreshAction('asg.refresh.rollback', 'roll back', rollbackRefresh, (s) => s.startsWith('Rollback'));
