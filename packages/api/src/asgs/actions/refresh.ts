import { describeRefreshes, startRefresh } from '@fleet/aws';
import { isActiveRefresh, type JsonValue, type RefreshObservation } from '@fleet/core';
import { claimRefresh, type JournalEntry, refreshOwners } from '@fleet/db';
import { z } from 'zod';
import { type ActionContext, ActionError, defineAction, type ReconcileVerdict } from '../../guard/action-definition.ts';
import { refreshFactsOf, targetSentence } from '../refresh-facts.ts';
import { autoScalingCallError, MAY_STILL_LAND } from '../../auto-scaling/actions/call-outcome.ts';
import { carriesPreferences, refreshPreferencesSchema } from './refresh-preferences.ts';
import { autoScalingFor, autoScalingOnceFor, resyncGroup } from '../../auto-scaling/actions/clients.ts';
import { targetGroup } from './target.ts';

const startInput = z.strictObject({ preferences: refreshPreferencesSchema });

/** How long after a timed-out StartInstanceRefresh its refresh may still appear. */
const LANDS_WITHIN_MS = 30_000;

/** AWS keeps a refresh's start to the second: a refresh of ours may start in the second the action did. */
const wholeSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

/**
 * The refresh a start made, read back from AWS: started no earlier than the action was (to the
 * second), with the preferences it asked for, and owned by no other action. Several would mean
 * someone else started one too; the first is ours, as AWS refuses a second while one runs.
 */
async function refreshOf(ctx: ActionContext, journal: JournalEntry): Promise<ReconcileVerdict> {
  const input = startInput.safeParse(journal.parameters);
  if (!input.success) return 'unknown';
  const { group, account } = await targetGroup(ctx, journal.target);
  const sentAt = journal.startedAt ?? journal.createdAt;
  const refreshes = await describeRefreshes(autoScalingFor(account, group.region), journal.target, `AutoScaling in account ${account.name}`, 10);
  const owners = await refreshOwners(ctx.prisma, refreshes.map((r) => r.id));
  const candidates = refreshes
    .filter((r): r is RefreshObservation & { startTime: Date } => r.startTime !== null && r.startTime >= wholeSecond(sentAt))
    .filter((r) => (owners.get(r.id) ?? journal.id) === journal.id && carriesPreferences(r, input.data.preferences))
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  for (const refresh of candidates) {
    if (await claimRefresh(ctx.prisma, { refreshId: refresh.id, asgName: journal.target, startedBy: journal.requestedBy, journalId: journal.id, at: ctx.now() })) {
      return { state: 'succeeded', result: { refreshId: refresh.id } };
    }
  }
  const mayStillLand = MAY_STILL_LAND.has(journal.errorCode ?? '') && ctx.now().getTime() - sentAt.getTime() < LANDS_WITHIN_MS;
  return mayStillLand ? 'unknown' : 'failed';
}

export const startRefreshAction = defineAction({
  name: 'asg.refresh.start',
  targetKind: 'asg',
  input: startInput,
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    const { group, latest } = await targetGroup(ctx, target);
    if (latest && isActiveRefresh(latest.status)) {
      throw new ActionError('refresh-in-progress', `${target} already has a refresh ${latest.status.toLowerCase()}; cancel or roll it back first.`);
    }
    const { preview, batching, view: facts } = await refreshFactsOf(ctx.prisma, ctx.config, group, input.preferences);
    const skipped = preview.skipped.length ? `; ${preview.skipped.length} already on ${group.imageId ?? 'the launch template'} ${preview.skipped.length === 1 ? 'is' : 'are'} skipped` : '';
    return {
      summary: `Replace ${preview.replaced.length} of ${group.instances.length} instances of ${group.name}${preview.replaced.length ? ` ${batching}` : ''}${skipped}; ${targetSentence(facts)}.`,
      // The target AMI and its sharing are part of what was confirmed: a re-pointed template or a revoked share changes it.
      fingerprint: `${preview.fingerprint}|${facts.target?.builtAt ?? '-'}|${facts.shared ?? '?'}`,
      details: JSON.parse(
        JSON.stringify({
          facts,
          replaced: preview.replaced,
          skipped: preview.skipped,
          batchSize: preview.batchSize,
          batches: preview.batches,
          minInService: preview.minInService,
          lowestInService: preview.lowestInService,
          launchTemplate: `${group.launchTemplateName ?? group.launchTemplateId ?? '?'}:${group.launchTemplateVersion ?? '$Default'}`,
          imageId: group.imageId,
        }),
      ) as JsonValue,
      refusal: facts.refusal,
    };
  },
  async execute(ctx, { target, input }, journal) {
    const { group, account } = await targetGroup(ctx, target);
    const where = `AutoScaling in account ${account.name} (${account.id}, ${group.region})`;
    const launchTemplate = group.launchTemplateId ? { id: group.launchTemplateId, version: group.launchTemplateVersion ?? '$Default' } : null;
    let refreshId: string;
    try {
      refreshId = await startRefresh(autoScalingOnceFor(account, group.region), { asgName: target, launchTemplate, preferences: input.preferences }, where);
    } catch (error) {
      throw autoScalingCallError(error, 'StartInstanceRefresh');
    }
    await claimRefresh(ctx.prisma, { refreshId, asgName: target, startedBy: ctx.actor, journalId: journal.id, at: ctx.now() });
    return { refreshId };
  },
  reconcile: refreshOf,
  onCompleted: (ctx, journal) => resyncGroup(ctx, journal.target),
});
