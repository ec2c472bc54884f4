import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, signedIn, testConfig, touchRequest, type Caller } from '../test/harness.ts';
import { addPool, createTouchTables } from '../test/touch-action.ts';

describe.each(testDatabases())('reviewing the audit trail on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig({ policies: [{ action: 'test.touch', target: 'prod-*', role: 'admin', fourEyes: true }] });
  let oscar: Caller;
  let alice: Caller;
  let single: string;
  let fourEyes: string;

  beforeAll(async () => {
    db = await target.open();
    await createTouchTables(db.prisma);
    for (const pool of ['pool-a', 'prod-1']) await addPool(db.prisma, pool);
    oscar = await signedIn(db.prisma, config, 'oscar');
    alice = await signedIn(db.prisma, config, 'alice');
    const ada = await signedIn(db.prisma, config, 'ada');
    const grace = await signedIn(db.prisma, config, 'grace');
    single = (await oscar.api.test.touch(touchRequest('pool-a', 1, { reason: 'roll the kernel fix out' }))).correlationId;
    const requested = await ada.api.test.touch(touchRequest('prod-1', 1, { reason: 'production needs the kernel fix' }));
    fourEyes = requested.correlationId;
    await ada.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1' }).catch(() => undefined);
    await grace.api.actions.approve({ journalId: requested.journalId, confirmation: 'prod-1', comment: 'checked the canary' });
    for (let i = 0; i < 3; i++) await callerWith(db.prisma, config).api.auth.signIn({ user: 'mallory', password: `guess-${i}` }).catch(() => undefined);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('shows each attempt once with its final outcome and what it did', async () => {
    const page = await alice.api.audit.attempts({ action: 'test.touch' });
    expect(page.items.map((a) => [a.correlationId, a.user, a.outcome, a.decidedBy, a.consequence?.state])).toEqual([
      [fourEyes, 'ada', 'succeeded', 'grace', 'succeeded'],
      [single, 'oscar', 'succeeded', null, 'succeeded'],
    ]);
    expect(page.items[1]).toMatchObject({ target: 'pool-a', reason: 'roll the kernel fix out', eventCount: 2, consequence: { previewSummary: 'touch pool-a at version 1' } });
  });

  it('folds sign-ins away and says how many failed, by name', async () => {
    const page = await alice.api.audit.attempts({});
    expect(page.items.some((a) => a.action === 'auth.signIn' && a.outcome === 'denied')).toBe(false);
    // Four people signed in, and someone tried mallory three times.
    expect(page.hiddenNoise).toEqual({ count: 7, capped: false, failed: 3, topTargets: [{ target: 'mallory', count: 3 }] });
    const all = await alice.api.audit.attempts({ includeNoise: true, target: 'mallory' });
    expect(all.items).toHaveLength(3);
  });

  it('finds attempts by words of their reason and by time', async () => {
    expect((await alice.api.audit.attempts({ search: 'kernel production' })).items.map((a) => a.correlationId)).toEqual([fourEyes]);
    expect((await alice.api.audit.attempts({ from: '2000-01-01T00:00:00Z', to: '2000-01-02T00:00:00Z' })).items).toEqual([]);
    await expect(alice.api.audit.attempts({ from: 'last tuesday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('opens an attempt with its events, the preview confirmed, the approval and the result', async () => {
    const detail = await alice.api.audit.attempt({ correlationId: fourEyes });
    expect(detail.events.map((e) => [e.user, e.action, e.outcome])).toEqual([
      ['ada', 'test.touch', 'pending-approval'],
      ['ada', 'actions.approve', 'denied'],
      ['grace', 'test.touch', 'approved'],
      ['grace', 'test.touch', 'succeeded'],
    ]);
    expect(detail.journal).toMatchObject({ requestedBy: 'ada', approvedBy: 'grace', previewSummary: 'touch prod-1 at version 1', result: { touched: 'prod-1' }, state: 'succeeded' });
    expect(detail.events[2]).toMatchObject({ reason: 'checked the canary' });
    expect(detail.events.every((e, i) => i === 0 || e.prevHash !== null)).toBe(true);
    await expect(alice.api.audit.attempt({ correlationId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an operator verify the chain, not a viewer', async () => {
    expect(await oscar.api.audit.verify()).toMatchObject({ intact: true, firstBroken: null });
    await expect(alice.api.audit.verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
