import { autoScalingClientFor, ec2ClientFor } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import { findGroup, findGroupForAction, requestSync } from '@fleet/db';
import { GROUPS_KIND, syncAutoScalingGroups } from '@fleet/sync';
import { ActionError, type ActionContext } from '../../guard/action-definition.ts';

/** The stored group an action targets, with the account it lives in. */
export async function targetGroup(ctx: ActionContext, name: string) {
  const group = await findGroupForAction(ctx.prisma, name);
  if (!group || group.goneAt) {
    throw new ActionError('unknown-group', `The portal does not know a live Auto Scaling group named ${name}; wait for the next sync or check the config.`);
  }
  const account = ctx.config.aws.productionAccounts.find((a) => a.id === group.accountId);
  if (!account) throw new ActionError('unknown-account', `Group ${name} is in account ${group.accountId}, which the config no longer lists.`);
  return { group, account, latest: group.refreshes[0] ?? null };
}

/** For reading: a read that failed is safe to send again. */
export function autoScalingFor(account: AwsAccountConfig, region: string) {
  return autoScalingClientFor(account, region, { maxAttempts: 3 });
}

/**
 * For Start, Cancel and RollbackInstanceRefresh: sent once. A retry after a lost answer would
 * start a second refresh, or read AWS's refusal of the retry as the fate of the first.
 */
export function autoScalingOnceFor(account: AwsAccountConfig, region: string) {
  return autoScalingClientFor(account, region, { maxAttempts: 1 });
}

/**
 * Reads the group again right after acting, so the pages show the change within a second, and asks
 * the worker to run the group's account at once: that run sees the refresh and follows it at the
 * fast interval, instead of a whole slow interval later, when a short refresh has already ended.
 */
export async function resyncGroup(ctx: ActionContext, name: string): Promise<void> {
  const group = await findGroup(ctx.prisma, name);
  const account = group && ctx.config.aws.productionAccounts.find((a) => a.id === group.accountId);
  if (!group || !account) return;
  await syncAutoScalingGroups({
    prisma: ctx.prisma,
    config: ctx.config,
    now: ctx.now,
    account,
    region: group.region,
    clients: { autoScaling: autoScalingFor(account, group.region), ec2: ec2ClientFor(account, group.region) },
    only: [name],
  });
  await requestSync(ctx.prisma, `${GROUPS_KIND}:${account.id}:${group.region}`, GROUPS_KIND);
}
