'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { FALLBACK_POLL_MS, liveModeOf } from '@/components/live';
import { useTRPC } from '@/trpc/client';

/** A bake kept current by `bakes.watch` and, while that stream is down, by polling `bakes.get`. */
export function useLiveBake(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscription = useSubscription(
    trpc.bakes.watch.subscriptionOptions({ id }, { onData: (bake) => queryClient.setQueryData(trpc.bakes.get.queryKey({ id }), bake) }),
  );
  const mode = liveModeOf(subscription);
  const bake = useQuery(trpc.bakes.get.queryOptions({ id }, { refetchInterval: (query) => (mode === 'live' || isEnded(query.state.data) ? false : FALLBACK_POLL_MS) }));
  return { bake, mode, liveError: subscription.error, reconnect: subscription.reset };
}

function isEnded(bake: { state: string; log: { complete: boolean } } | undefined): boolean {
  return bake !== undefined && bake.log.complete && bake.state !== 'queued' && bake.state !== 'running';
}
