import { cancelRefreshAction, rollbackRefreshAction } from '../asgs/actions/active-refresh.ts';
import { startRefreshAction } from '../asgs/actions/refresh.ts';
import { abortBakeAction } from '../bakes/actions/abort-bake.ts';
import { startBakeAction } from '../bakes/actions/start-bake.ts';
import { resyncCloudsAction } from '../clouds/actions/resync-clouds.ts';
import { runHousekeepingAction } from '../housekeeping/actions/run-housekeeping.ts';
import { agentOfflineAction, agentOnlineAction } from '../nodes/actions/agent-actions.ts';
import { markUnhealthyAction, terminateInGroupAction } from '../nodes/actions/group-member-actions.ts';
import { ActionRegistry } from './action-definition.ts';

/**
 * Every action the portal offers. The routers build their mutations from these same definitions
 * with `guardedAction`; approvals and reconciliation find them here by name.
 */
export const portalActions = new ActionRegistry([
  startRefreshAction,
  cancelRefreshAction,
  rollbackRefreshAction,
  startBakeAction,
  abortBakeAction,
  runHousekeepingAction,
  resyncCloudsAction,
  markUnhealthyAction,
  terminateInGroupAction,
  agentOfflineAction,
  agentOnlineAction,
]);
