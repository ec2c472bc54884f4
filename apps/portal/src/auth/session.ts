'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';

export type Me = RouterOutputs['auth']['me'];

/** Who the portal takes this browser for: a user with a role, or a guest. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

/**
 * Signing in or out changes what every query answers (roles, canApprove, refusals): all of them
 * are refetched before the mutation counts as done, so the next page renders with the new role.
 */
export function useSignIn() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
}

export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
}

/** "oscar · operator", or "oscar · no role" when none of their groups maps to one. */
export function userWords(me: Pick<Me, 'user' | 'role'>): string {
  return `${me.user ?? 'guest'} · ${me.role ?? 'no role'}`;
}
