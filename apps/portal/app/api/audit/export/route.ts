import { handleAuditExport } from '@fleet/api';
import { database, fleetConfig, PortalSetupError } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The audit page's filter as CSV or JSON Lines, streamed (see handleAuditExport). */
export async function GET(req: Request): Promise<Response> {
  try {
    return await handleAuditExport(req, { config: fleetConfig(), prisma: database() });
  } catch (error) {
    if (error instanceof PortalSetupError) return Response.json({ error: error.message }, { status: 503 });
    throw error;
  }
}
