'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';

export type StandingCheck = RouterOutputs['actions']['checks']['checks'][number];

/**
 * What stands between the signed-in person and an action on a target, as the guard would judge it
 * now: the first failing check disables the button and says why.
 */
export function useActionChecks(action: string, target: string) {
  const trpc = useTRPC();
  const checks = useQuery(trpc.actions.checks.queryOptions({ action, target }, { refetchInterval: 15_000 }));
  const results = checks.data?.checks ?? [];
  return {
    checks,
    refusal: results.find((c) => c.status === 'fail') ?? null,
    notes: results.filter((c) => c.status === 'note'),
    reasonMinLength: checks.data?.reasonMinLength ?? null,
  };
}
