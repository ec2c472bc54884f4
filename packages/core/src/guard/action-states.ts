/** The life of an action in the journal. */
export const ACTION_STATES = ['pending-approval', 'queued', 'running', 'reconciling', 'succeeded', 'failed', 'cancelled'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/**
 * States in which an action holds its target: waiting for approval, about to run, running, or
 * run with an outcome nobody knows yet. Only a final state lets another action start there.
 */
export const ACTIVE_ACTION_STATES = ['pending-approval', 'queued', 'running', 'reconciling'] as const satisfies readonly ActionState[];
export const FINAL_ACTION_STATES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly ActionState[];
export type FinalActionState = (typeof FINAL_ACTION_STATES)[number];

export function isFinalState(state: string): state is FinalActionState {
  return (FINAL_ACTION_STATES as readonly string[]).includes(state);
}

/** What an audit event says happened to one attempt. */
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed', 'succeeded', 'pending-approval', 'approved', 'rejected'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
