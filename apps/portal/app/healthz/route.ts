import { healthReport } from '@fleet/api';
import { database, fleetConfig, PortalSetupError } from '@/server/context';
import { errorMessage } from '@/trpc/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function unavailable(reason: string): Response {
  return Response.json({ status: 'unavailable', time: new Date().toISOString(), reason }, { status: 503 });
}

/** 200 with each source's freshness while the portal serves; 503 with the reason when it cannot. */
export async function GET(): Promise<Response> {
  let config, prisma;
  try {
    config = fleetConfig();
    prisma = database();
  } catch (error) {
    if (error instanceof PortalSetupError) return unavailable(error.message);
    throw error;
  }
  try {
    return Response.json(await healthReport(prisma, config, new Date()));
  } catch (error) {
    return unavailable(`the database cannot be read: ${errorMessage(error)}`);
  }
}
