'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { FALLBACK_POLL_MS, liveModeOf } from '@/components/live';
import { useTRPC } from '@/trpc/client';

/** A housekeeping run kept current by `housekeeping.watch` and, while that stream is down, by polling. */
export function useLiveRun(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscription = useSubscription(
    trpc.housekeeping.watch.subscriptionOptions({ id }, { onData: (run) => queryClient.setQueryData(trpc.housekeeping.get.queryKey({ id }), run) }),
  );
  const mode = liveModeOf(subscription);
  const run = useQuery(
    trpc.housekeeping.get.queryOptions({ id }, { refetchInterval: (query) => (mode === 'live' || (query.state.data?.log.complete && query.state.data.state !== 'running') ? false : FALLBACK_POLL_MS) }),
  );
  return { run, mode, liveError: subscription.error, reconnect: subscription.reset };
}
