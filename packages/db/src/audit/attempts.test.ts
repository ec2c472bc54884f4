import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, type NewAuditEvent } from '../audit-trail.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '../testing/index.ts';
import { hiddenNoise, listAuditAttempts, reasonQuery } from './attempts.ts';

const START = Date.UTC(2026, 10, 1, 9, 0, 0);
let clock = START;
function event(fields: Partial<NewAuditEvent> & Pick<NewAuditEvent, 'correlationId' | 'outcome'>): NewAuditEvent {
  clock += 60_000;
  return { at: new Date(clock), user: 'oscar', groups: ['sre'], sourceAddress: null, action: 'asg.refresh.start', target: 'pool-a', parameters: {}, reason: null, ...fields };
}

describe.each(testDatabases())('attempts, one line each, on $name', (target) => {
  let db: TestDatabase;
  const append = (fields: Parameters<typeof event>[0]) => appendAuditEvent(db.prisma, event(fields));

  beforeAll(async () => {
    db = await target.open();
    clock = START;
    await append({ correlationId: 'run', outcome: 'allowed', reason: 'roll out the October AMI', journalId: 'j-run' });
    await append({ correlationId: 'run', outcome: 'succeeded', journalId: 'j-run' });
    // A four-eyes request: the requester's own approval is refused, a second admin approves, it fails.
    await append({ correlationId: 'four', outcome: 'pending-approval', user: 'ada', target: 'prod', reason: 'production needs the fix', journalId: 'j-four' });
    await append({ correlationId: 'four', outcome: 'denied', user: 'ada', action: 'actions.approve', target: 'prod', errorCode: 'own-request' });
    await append({ correlationId: 'four', outcome: 'approved', user: 'grace', target: 'prod' });
    await append({ correlationId: 'four', outcome: 'failed', user: 'grace', target: 'prod', errorCode: 'throttled', errorMessage: 'AWS said slow down' });
    // A retry of the first request answered with its outcome.
    await append({ correlationId: 'run', outcome: 'allowed', errorCode: 'replayed' });
    for (let i = 0; i < 30; i++) await append({ correlationId: `noise-${i}`, outcome: 'denied', user: null, action: 'auth.signIn', target: 'mallory', errorCode: 'not-signed-in' });
    await append({ correlationId: 'denied', outcome: 'denied', user: 'alice', errorCode: 'role-too-low', reason: 'alice tries a rollout' });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('reads each attempt as one line with its final outcome, who decided it, and its event count', async () => {
    const page = await listAuditAttempts(db.prisma, { limit: 10 });
    expect(page.items.map((a) => [a.correlationId, a.action, a.outcome, a.user, a.decidedBy, a.eventCount])).toEqual([
      ['denied', 'asg.refresh.start', 'denied', 'alice', null, 1],
      ['four', 'asg.refresh.start', 'failed', 'ada', 'grace', 4],
      ['run', 'asg.refresh.start', 'succeeded', 'oscar', null, 3],
    ]);
    expect(page.items[1]).toMatchObject({ errorCode: 'throttled', reason: 'production needs the fix', journalId: 'j-four' });
  });

  it('folds sign-ins away by default, and counts the failed ones with the names tried', async () => {
    expect(await hiddenNoise(db.prisma, {})).toEqual({ count: 30, capped: false, failed: 30, topTargets: [{ target: 'mallory', count: 30 }] });
    const all = await listAuditAttempts(db.prisma, { limit: 100, includeNoise: true });
    expect(all.items.filter((a) => a.noise)).toHaveLength(30);
  });

  it('filters by user, outcome, target, time and words of the reason', async () => {
    const ids = async (filter: Parameters<typeof listAuditAttempts>[1]) => (await listAuditAttempts(db.prisma, filter)).items.map((a) => a.correlationId);
    expect(await ids({ limit: 10, user: 'ada' })).toEqual(['four']);
    expect(await ids({ limit: 10, outcome: 'succeeded' })).toEqual(['run']);
    expect(await ids({ limit: 10, target: 'prod' })).toEqual(['four']);
    expect(await ids({ limit: 10, search: 'octo' })).toEqual(['run']);
    expect(await ids({ limit: 10, search: 'PRODUCTION fix' })).toEqual(['four']);
    expect(await ids({ limit: 10, from: new Date(Date.UTC(2026, 10, 1, 9, 3)), to: new Date(Date.UTC(2026, 10, 1, 9, 4)) })).toEqual(['four']);
  });

  it('pages by cursor without repeating or skipping a line', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditAttempts(db.prisma, { limit: 7, includeNoise: true, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.correlationId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(33);
    expect(new Set(seen).size).toBe(33);
  });

  it('makes a search query only of words', () => {
    expect(reasonQuery("it's a ') | !x & y:*")).toBe('it:* & s:* & a:* & x:* & y:*');
    expect(reasonQuery('  ')).toBeNull();
  });
});
