import { AwsFailure } from '@fleet/aws';
import { ActionError } from '../../guard/action-definition.ts';

/** Failures where AWS refused the call before acting on it. */
const REFUSED = new Set(['auth', 'forbidden', 'invalid-request', 'not-found']);
/**
 * AWS's own answers that a refresh call changed nothing. The call is sent once, never retried, so
 * an InstanceRefreshInProgress is about someone else's refresh, not an earlier attempt of ours.
 */
const NOTHING_CHANGED = new Set(['InstanceRefreshInProgress', 'ActiveInstanceRefreshNotFound', 'IrreversibleInstanceRefresh', 'LimitExceeded']);
/** The connection was never made, so the call never reached AWS. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What a failed mutating Auto Scaling call (a refresh's start, cancel or rollback; an instance's
 * health or termination) means for the journal: `nothing` when AWS certainly did not act,
 * `unknown` (network error, timeout, 5xx, an answer cut off) when it may have, which the action's
 * reconcile settles by reading `readBack` (the group's refreshes, say) back.
 */
export function autoScalingCallError(error: unknown, call: string, readBack = "the group's refreshes"): unknown {
  if (!(error instanceof AwsFailure)) return error;
  const code = error.awsCode ?? error.code;
  if (error.code === 'throttled') {
    return new ActionError(code, `AWS throttled ${call} (${code}), so nothing was done; the portal sends it once only: try again in a minute`, 'nothing', { cause: error });
  }
  const nothing = REFUSED.has(error.code) || NOTHING_CHANGED.has(code) || NEVER_SENT.has(code);
  const message = nothing ? error.message : `${error.message}; whether ${call} took effect is not known yet, so the portal reads ${readBack} back instead of sending it again`;
  return new ActionError(code, message, nothing ? 'nothing' : 'unknown', { cause: error });
}

/** Errors after which the call may still be in flight at AWS: a read right away could miss its effect. */
export const MAY_STILL_LAND = new Set(['TimeoutError', 'RequestTimeout', 'ETIMEDOUT']);
