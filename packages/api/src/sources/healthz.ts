import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { accountCalls, sourceFreshness } from '@fleet/sync';

/** The body of GET /healthz: the portal serves, how current each source is, and what it costs each AWS account. */
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
      awsCallsPerMinute: s.callsPerMinute,
    })),
    awsAccounts: accountCalls(sources, config).map((a) => ({
      accountId: a.accountId,
      name: a.name,
      callsPerMinute: a.callsPerMinute,
      apis: a.apis,
      throttledLastRuns: a.throttled,
      slowedDown: a.slowed.map((p) => ({ region: p.region, service: p.service, ratePerSecond: p.ratePerSecond, fullRatePerSecond: p.fullRatePerSecond })),
    })),
  };
}
