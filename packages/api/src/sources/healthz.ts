import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { sourceFreshness } from '@fleet/sync';

/** The body of GET /healthz: the portal serves, and how current each source is. */
export async function healthReport(prisma: PrismaClient, config: FleetConfig, now = new Date()) {
  const sources = await sourceFreshness(prisma, config, now);
  return {
    status: 'serving' as const,
    time: now.toISOString(),
    sources: sources.map((s) => ({
      key: s.key,
      state: s.state,
      ageSeconds: s.ageMs === null ? null : Math.round(s.ageMs / 1000),
      lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
      error: s.lastError ? `${s.lastError.code}: ${s.lastError.message}` : null,
      warnings: s.warnings,
    })),
  };
}
