import { appRouter } from '@fleet/api';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createApiContext, PortalSetupError } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async ({ resHeaders }) => {
      try {
        return await createApiContext(req, resHeaders);
      } catch (error) {
        if (error instanceof PortalSetupError) {
          throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: error.message, cause: error });
        }
        throw error;
      }
    },
    onError: ({ path, error }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '(unknown path)'}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
