import { personText } from '@fleet/core';
import { NODE_SYNC_KINDS } from '@fleet/sync';
import { z } from 'zod';
import { type ActionContext, ActionError, defineAction, type ReconcileVerdict } from '../../guard/action-definition.ts';
import { jenkinsActionError } from '../../jenkins-builds/actions/trigger.ts';
import { nodeAgent, requestNodeResync } from './node-target.ts';

/** What Jenkins shows as the offline cause: the person's message, and who sent it through the portal. */
export const offlineMessageOf = (message: string, actor: string) => `${message.trim()} (${actor}, through the fleet portal)`;

/**
 * toggleOffline flips the agent's offline mark, so both actions read the agent at Jenkins first
 * and send the toggle only when it would move the mark their way; the same read settles a lost answer.
 */
function agentAction<Schema extends z.ZodType<{ message?: string }>>(name: string, goOffline: boolean, input: Schema) {
  return defineAction({
    name,
    targetKind: 'node',
    input,
    minimumRole: 'operator',
    async preview(ctx, { target, input }) {
      const { node, controller } = await nodeAgent(ctx, target);
      const marked = node.agentTemporarilyOffline === true;
      if (goOffline && marked) throw new ActionError('already-offline', `The agent of ${target} is already taken offline on ${controller.name}: ${node.agentOfflineCause || 'no reason given'}.`);
      if (!goOffline && !marked) {
        throw new ActionError(
          'not-taken-offline',
          node.agentOffline
            ? `Nobody took the agent of ${target} offline: its connection to ${controller.name} is down (${node.agentOfflineCause || 'no cause given'}). Relaunch the agent from its Jenkins page, or replace the node.`
            : `The agent of ${target} is online on ${controller.name}.`,
        );
      }
      const message = input.message === undefined ? '' : offlineMessageOf(input.message, ctx.actor);
      const busy = node.agentBusyExecutors ?? 0;
      return {
        summary: goOffline
          ? `Take Jenkins agent ${target} on ${controller.name} offline with the message “${message}”: it takes no new builds${busy > 0 ? `; the ${busy === 1 ? 'build it runs finishes' : `${busy} builds it runs finish`}` : ''}.`
          : `Bring Jenkins agent ${target} on ${controller.name} back online: it takes builds again (taken offline for: ${node.agentOfflineCause || 'no reason given'}).`,
        fingerprint: `${target}|${controller.name}|${marked ? 'offline' : 'online'}|${message}`,
        details: { instanceId: target, controller: controller.name, message, busyExecutors: busy },
      };
    },
    async execute(ctx, { target, input }) {
      const { controller, client } = await nodeAgent(ctx, target);
      const message = input.message === undefined ? '' : offlineMessageOf(input.message, ctx.actor);
      try {
        const agent = await client.computer(target);
        if (agent.temporarilyOffline === goOffline) {
          throw new ActionError(goOffline ? 'already-offline' : 'not-taken-offline', `Jenkins ${controller.name} already has the agent of ${target} ${goOffline ? 'taken offline' : 'online'}; nothing was sent.`);
        }
        await client.toggleOffline(target, message);
      } catch (error) {
        throw error instanceof ActionError ? error : jenkinsActionError(error);
      }
      return { instanceId: target, controller: controller.name, offline: goOffline };
    },
    async reconcile(ctx: ActionContext, journal): Promise<ReconcileVerdict> {
      const { client } = await nodeAgent(ctx, journal.target);
      return (await client.computer(journal.target)).temporarilyOffline === goOffline ? 'succeeded' : 'failed';
    },
    onCompleted: (ctx) => requestNodeResync(ctx, [NODE_SYNC_KINDS.jenkins]),
  });
}

export const agentOfflineAction = agentAction('node.agent.offline', true, z.strictObject({ message: personText(500, 1) }));
export const agentOnlineAction = agentAction('node.agent.online', false, z.strictObject({}));
