'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';

export type PendingApproval = RouterOutputs['actions']['list']['pendingApprovals'][number];
export type DecisionOutcome = RouterOutputs['actions']['approve'];

/**
 * The requests waiting for a second person. actions.list answers them beside a page of the
 * journal; only one journal row is asked for, since these pages show the waiting requests only.
 */
export function usePendingApprovals() {
  const trpc = useTRPC();
  return useQuery(trpc.actions.list.queryOptions({ limit: 1 }, { select: (list) => list.pendingApprovals }));
}
