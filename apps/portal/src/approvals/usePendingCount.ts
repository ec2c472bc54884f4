'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';

/** A request waits for nobody until someone sees it: the badge asks more often than pages poll. */
const BADGE_POLL_MS = 10_000;

/** How many requests wait for the signed-in person's approval; null for those who may approve none. */
export function usePendingCount(): number | null {
  const trpc = useTRPC();
  const pending = useQuery(trpc.actions.pendingCount.queryOptions(undefined, { refetchInterval: BADGE_POLL_MS }));
  return pending.data?.count ?? null;
}
