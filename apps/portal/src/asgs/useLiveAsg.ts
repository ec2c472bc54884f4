'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { FALLBACK_POLL_MS, liveModeOf } from '@/components/live';
import { useTRPC } from '@/trpc/client';

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
  const mode = liveModeOf(subscription);
  const detail = useQuery(trpc.asgs.get.queryOptions({ name }, { refetchInterval: mode === 'live' ? false : FALLBACK_POLL_MS }));
  return { detail, mode, liveError: subscription.error, reconnect: subscription.reset };
}
