import { portalActions, reconcileUnfinishedActions } from '@fleet/api';
import type { SyncJob } from '@fleet/sync';

/**
 * Settles actions a stopped portal process left unfinished (journal written, outcome unknown),
 * asking each action's source what happened; it never runs an action again.
 */
export function reconcileActionsJob(intervalMs = 60_000): SyncJob {
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
