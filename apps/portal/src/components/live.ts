/** How a page hears of changes: pushed by the server, or asked for on a timer because the push broke. */
export type LiveMode = 'connecting' | 'live' | 'polling';

/** Often enough that a refresh's batches or a bake's log show as they happen, when the push is not there to show them. */
export const FALLBACK_POLL_MS = 5_000;

/** The live mode of a tRPC subscription's state: the link reconnects by itself; until it does, polling covers. */
export function liveModeOf(subscription: { status: string; error: unknown }): LiveMode {
  if (subscription.status === 'pending') return 'live';
  return subscription.status === 'error' || subscription.error ? 'polling' : 'connecting';
}
