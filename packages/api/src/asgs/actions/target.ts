import { findGroupForAction } from '@fleet/db';
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
