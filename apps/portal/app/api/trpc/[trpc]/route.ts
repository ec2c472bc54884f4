import { handleTrpcRequest } from '@fleet/api';
import { database, fleetConfig, PortalSetupError } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Why the portal cannot answer at all (no config, no database), in tRPC's error envelope. */
function unavailable(error: PortalSetupError): Response {
  return Response.json({ error: { json: { message: error.message, code: -32603, data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 503, guard: null } } } }, { status: 503 });
}

async function handler(req: Request): Promise<Response> {
  let config, prisma;
  try {
    config = fleetConfig();
    prisma = database();
  } catch (error) {
    if (error instanceof PortalSetupError) return unavailable(error);
    throw error;
  }
  return handleTrpcRequest(req, { config, prisma });
}

export { handler as GET, handler as POST };
