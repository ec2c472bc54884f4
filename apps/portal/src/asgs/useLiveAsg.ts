'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '@/trpc/client';

/** How the page hears of changes: pushed by the server, or asked for on a timer because the push broke. */
export type LiveMode = 'connecting' | 'live' | 'polling';

/** Often enough that a refresh's batches show as they happen, when the push is not there to show them. */
export const FALLBACK_POLL_MS = 5_000;

/**
 * A group's detail, kept current by `asgs.watch` (server-sent events) and, while that stream is
 * down or refused, by polling `asgs.get`. Both feed the same query, so the page reads one value.
 */
export function useLiveAsg(name: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscription = useSubscription(
    trpc.asgs.watch.subscriptionOptions(
      { name },
      { onData: (detail) => queryClient.setQueryData(trpc.asgs.get.queryKey({ name }), detail) },
    ),
  );
  // The link reconnects by itself after a dropped stream; until it does, `error` is set and polling covers.
  const mode: LiveMode = subscription.status === 'pending' ? 'live' : subscription.status === 'error' || subscription.error ? 'polling' : 'connecting';
  const detail = useQuery(trpc.asgs.get.queryOptions({ name }, { refetchInterval: mode === 'live' ? false : FALLBACK_POLL_MS }));
  return { detail, mode, liveError: subscription.error, reconnect: subscription.reset };
}
