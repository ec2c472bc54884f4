import { portalActions, reconcileUnfinishedActions } from '@fleet/api';
import type { SyncJob } from '@fleet/sync';

/**
 * Settles actions a stopped portal process left unfinished (journal written, outcome unknown),
 * asking each action's source what happened; it never runs an action again. Often, because a
 * dead action holds its target: a pass with nothing to settle is one indexed query.
 */
export function reconcileActionsJob(intervalMs = 5_000): SyncJob {
  return {
    key: 'actions.reconcile',
    kind: 'actions.reconcile',
    intervalMs,
    async run({ prisma, config, now }) {
      const settled = await reconcileUnfinishedActions({ prisma, config, now, actions: portalActions });
      return { itemCount: settled.length };
    },
  };
}
