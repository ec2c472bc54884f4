import { appendSyntheticTrail, hiddenNoise, listAuditAttempts, type AttemptQuery, verifyAuditChain } from '@fleet/db';
import { openTestDatabase, type TestDatabaseName } from '@fleet/db/testing';
import { measure, timed } from './timing.ts';

// How the audit review answers on a large trail. EVENTS (default 1,000,000) are appended through
// the same triggers as every real append (hash chain, attempts), spread over 400 days. Target on a
// 2-core machine: a page of attempts under 50 ms on Postgres, the first page and page 10,000 alike,
// filtered or not; the chain verification walks everything, reported for its rate.
const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const TARGETS = (process.env.DATABASES ?? 'postgres').split(',') as TestDatabaseName[];
const PAGE = 50;

/** The cursor of page `n` of a query, found by walking there (what a reviewer clicking "more" does). */
async function cursorOfPage(prisma: Parameters<typeof listAuditAttempts>[0], query: AttemptQuery, n: number): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 1; page < n; page++) {
    const next = await listAuditAttempts(prisma, { ...query, limit: 200, ...(cursor ? { cursor } : {}) });
    if (!next.nextCursor) return cursor;
    cursor = next.nextCursor;
  }
  return cursor;
}

async function bench(target: TestDatabaseName) {
  const db = await openTestDatabase(target);
  try {
    const { prisma } = db;
    const load = await timed(() => appendSyntheticTrail(prisma, { count: EVENTS, end: new Date(), days: 400 }));
    const attempts = await prisma.auditAttempt.count();
    console.log(`${target}: ${EVENTS.toLocaleString('en')} events (${attempts.toLocaleString('en')} attempts) appended in ${(load.ms / 1000).toFixed(0)} s, ${Math.round(EVENTS / (load.ms / 1000))} events/s through the triggers`);
    await prisma.$executeRawUnsafe('ANALYZE audit_attempt');

    const base: AttemptQuery = { limit: PAGE };
    // 10,000 pages of 50 are 500,000 lines in: the cursor is found in pages of 200.
    const deep = await cursorOfPage(prisma, base, 2_500);
    await measure('first page of attempts', () => listAuditAttempts(prisma, base), 7, 62);
    await measure('page 10,000 of attempts (keyset)', () => listAuditAttempts(prisma, { ...base, ...(deep ? { cursor: deep } : {}) }), 7, 62);
    await measure('user = ada', () => listAuditAttempts(prisma, { ...base, user: 'ada' }), 7, 62);
    await measure('outcome = failed, target = one group', () => listAuditAttempts(prisma, { ...base, outcome: 'failed', target: 'ci-int-jenkins-worker-rhel8-gpu' }), 7, 62);
    await measure('one week, 200 days ago', () => listAuditAttempts(prisma, { ...base, from: new Date(Date.now() - 207 * 86_400_000), to: new Date(Date.now() - 200 * 86_400_000) }), 7, 62);
    await measure('reason words "kernel image"', () => listAuditAttempts(prisma, { ...base, search: 'kernel image' }), 7, 62);
    await measure('reason words of a rare ticket "ticket 4242"', () => listAuditAttempts(prisma, { ...base, search: 'ticket 4242' }), 7, 62);
    await measure('sign-ins hidden (count, capped at 10,000)', () => hiddenNoise(prisma, {}), 7, 62);
    const verify = await timed(() => verifyAuditChain(prisma));
    console.log(`  chain verification: ${verify.value.intact ? 'intact' : 'BROKEN'}, ${verify.value.checked.toLocaleString('en')} events in ${(verify.ms / 1000).toFixed(1)} s`);
  } finally {
    await db.cleanup();
  }
}

for (const target of TARGETS) await bench(target);
