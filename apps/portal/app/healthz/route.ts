import { healthReport } from '@fleet/api';
import { createApiContext, PortalSetupError } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function unavailable(reason: string): Response {
  return Response.json({ status: 'unavailable', time: new Date().toISOString(), reason }, { status: 503 });
}

export async function GET(): Promise<Response> {
  let context;
  try {
    context = createApiContext();
  } catch (error) {
    if (error instanceof PortalSetupError) return unavailable(error.message);
    throw error;
  }
  try {
    return Response.json(await healthReport(context.prisma, context.config, context.now()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return unavailable(`the database cannot be read: ${message}`);
  }
}
