'use client';

import type { AppRouter } from '@fleet/api';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import { trpcErrorCode } from './errors';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** The sync loops write every 30 s or so; polling at half that keeps a page at most one sync behind. */
const REFRESH_MS = 15_000;

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchInterval: REFRESH_MS,
        refetchOnWindowFocus: true,
        // A NOT_FOUND or a bad input will not change by asking again.
        retry: (failures, error) => failures < 2 && !['NOT_FOUND', 'BAD_REQUEST'].includes(trpcErrorCode(error)),
      },
    },
  });
}

export function PortalProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions stream over server-sent events (one long GET); everything else is batched.
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer: superjson }),
          // The endpoint answers at most ENDPOINT_LIMITS.maxBatchSize procedures a request.
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: 10 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
