import { agentControllersOf, type AwsAccountConfig } from '@fleet/core';
import { findGroup, findNode, requestSync } from '@fleet/db';
import { jenkinsClientFor, NODE_SYNC_KINDS, requireClient } from '@fleet/sync';
import { type ActionContext, ActionError } from '../../guard/action-definition.ts';

/** The node an action targets, as the portal last saw it. */
export async function targetNode(ctx: ActionContext, instanceId: string) {
  const node = await findNode(ctx.prisma, instanceId);
  if (!node) throw new ActionError('unknown-node', `The portal has not seen a node ${instanceId}; wait for the next sync or check the id.`);
  if (node.goneAt) throw new ActionError('node-gone', `${instanceId} has left the fleet: no source has listed it since ${node.goneAt.toISOString()}.`);
  return node;
}

/** The node's Auto Scaling group and its account, for SetInstanceHealth and TerminateInstanceInAutoScalingGroup. */
export async function nodeInGroup(ctx: ActionContext, instanceId: string) {
  const node = await targetNode(ctx, instanceId);
  const group = node.asgName ? await findGroup(ctx.prisma, node.asgName) : null;
  if (!node.asgName || !group || group.goneAt || node.lifecycleState === null) {
    throw new ActionError('not-in-group', `${instanceId} is in no Auto Scaling group the portal knows, so Auto Scaling cannot act on it; an instance outside a group is stopped or terminated in EC2.`);
  }
  const account: AwsAccountConfig | undefined = ctx.config.aws.productionAccounts.find((a) => a.id === group.accountId);
  if (!account) throw new ActionError('unknown-account', `Group ${group.name} is in account ${group.accountId}, which the config no longer lists.`);
  const where = `AutoScaling in account ${account.name} (${account.id}, ${group.region})`;
  return { node, group, account, where };
}

/** The controller whose agent the node is, and a client for it. */
export async function nodeAgent(ctx: ActionContext, instanceId: string) {
  const node = await targetNode(ctx, instanceId);
  const controllers = agentControllersOf(ctx.config.jenkins);
  if (controllers.length === 0) throw new ActionError('jenkins-not-configured', 'No Jenkins controller in the config has the fleet’s agents (jenkins.controllers[].agents).');
  if (!node.agentPresent) throw new ActionError('no-agent', `Jenkins has no agent for ${instanceId} as of the last read, so there is nothing to take offline or bring back.`);
  const controller = controllers.find((c) => c.name === node.agentController) ?? (controllers.length === 1 ? controllers[0] : undefined);
  if (!controller) throw new ActionError('unknown-controller', `The agent of ${instanceId} was seen on controller ${node.agentController ?? '(none)'}, which the config does not list with agents.`);
  const client = jenkinsClientFor(controller, process.env);
  if (client instanceof Error) throw new ActionError('jenkins-config', client.message);
  return { node, controller, client: requireClient(client) };
}

/** Asks the worker to read these sources (by their job keys) and judge node health again now, not at their next interval. */
export async function requestNodeResync(ctx: ActionContext, sources: readonly string[]): Promise<void> {
  for (const source of [...sources, NODE_SYNC_KINDS.health]) await requestSync(ctx.prisma, source, source);
}
