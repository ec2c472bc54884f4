import { autoScalingClientFor, ec2ClientFor } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import { findGroup, requestSync } from '@fleet/db';
import { GROUPS_KIND, syncAutoScalingGroups } from '@fleet/sync';
import type { ActionContext } from '../../guard/action-definition.ts';

/** For reading: a read that failed is safe to send again. */
export function autoScalingFor(account: AwsAccountConfig, region: string) {
  return autoScalingClientFor(account, region, { maxAttempts: 3 });
}

/**
 * For every call that changes a group (Start, Cancel and RollbackInstanceRefresh, SetInstanceHealth,
 * TerminateInstanceInAutoScalingGroup): sent once. A retry after a lost answer would start a second
 * refresh or terminate a replacement, or read AWS's refusal of the retry as the fate of the first.
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
