import type { PrismaClient } from '../generated/prisma/client.ts';

/** Events per statement: each moves the chain head, whose row versions pile up within one transaction. */
const BATCH = 2_000;

/**
 * Appends `count` plausible events, a batch per statement, through the same triggers as every
 * append (chain, attempts): for benchmarks and for tests that need a large trail. Attempts of one
 * to three events, a tenth of them failed sign-ins, spread over `days` before `end`.
 */
export async function appendSyntheticTrail(prisma: PrismaClient, input: { count: number; end: Date; days: number }): Promise<void> {
  for (let first = 1; first <= input.count; first += BATCH) {
    await appendSyntheticBatch(prisma, { ...input, first, last: Math.min(input.count, first + BATCH - 1) });
  }
}

async function appendSyntheticBatch(prisma: PrismaClient, input: { count: number; end: Date; days: number; first: number; last: number }): Promise<void> {
  const spanMs = input.days * 86_400_000;
  await prisma.$executeRaw`
    INSERT INTO audit_event (id, at, user_name, groups, source_address, action, target, parameters, reason, outcome, error_code, correlation_id, journal_id, duration_ms)
    SELECT 'synthetic-' || n,
           ${input.end}::timestamp - make_interval(secs => ((${input.count} - n) * ${spanMs}::float8 / ${input.count}) / 1000),
           CASE WHEN n % 10 = 0 THEN NULL ELSE (ARRAY['oscar', 'ada', 'grace', 'alice', 'sam'])[1 + (n / 3) % 5] END,
           ARRAY['sre'],
           '192.0.2.' || (n % 200),
           CASE WHEN n % 10 = 0 THEN 'auth.signIn' ELSE (ARRAY['asg.refresh.start', 'asg.refresh.cancel', 'housekeeping.run', 'bake.start'])[1 + (n / 3) % 4] END,
           CASE WHEN n % 10 = 0 THEN 'mallory-' || (n % 97) ELSE 'ci-int-jenkins-worker-' || (ARRAY['rhel8-gpu', 'rhel8-builder', 'centos7-tester', 'app-interface'])[1 + (n / 3) % 4] END,
           jsonb_build_object('preferences', jsonb_build_object('minHealthyPercentage', 90)),
           CASE WHEN n % 10 = 0 THEN NULL ELSE 'rolling out the ' || (ARRAY['october', 'november', 'security', 'kernel', 'glibc'])[1 + (n / 3) % 5] || ' image, ticket ' || (n / 3) END,
           CASE WHEN n % 10 = 0 THEN 'denied' WHEN n % 3 = 0 THEN 'allowed' WHEN n % 3 = 1 THEN 'succeeded' ELSE 'failed' END,
           CASE WHEN n % 10 = 0 THEN 'not-signed-in' END,
           CASE WHEN n % 10 = 0 THEN 'synthetic-signin-' || n ELSE 'synthetic-' || (n / 3) END,
           NULL,
           (n % 900)
      FROM generate_series(${input.first}::int, ${input.last}::int) AS n
     ORDER BY n`;
}
