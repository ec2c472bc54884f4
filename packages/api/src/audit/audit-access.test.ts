import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, signedIn, testConfig } from '../test/harness.ts';

describe.each(testDatabases())('who reads the audit trail on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig({}, { anonymousViewer: true });

  beforeAll(async () => {
    db = await target.open();
    // A failed sign-in: a made-up name and an address, what guests must not read by default.
    await callerWith(db.prisma, config).api.auth.signIn({ user: 'mallory', password: 'guess' }).catch(() => undefined);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('is closed to anonymous viewers by default, who still read the fleet', async () => {
    const guest = callerWith(db.prisma, config);
    await expect(guest.api.sources.list()).resolves.toBeDefined();
    await expect(guest.api.audit.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('sign in to read the audit trail') });
  });

  it('is open to them where auth.anonymousAudit says so', async () => {
    const open = testConfig({}, { anonymousViewer: true, anonymousAudit: true });
    const page = await callerWith(db.prisma, open).api.audit.list({});
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('is open to every signed-in viewer', async () => {
    const alice = await signedIn(db.prisma, config, 'alice');
    const page = await alice.api.audit.list({});
    expect(page.items.some((e) => e.action === 'auth.signIn')).toBe(true);
  });
});
