import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from './testing/index.ts';

/** Ends every other session on the test's database, as an operator's pg_terminate_backend would; how many. */
async function terminateBackends(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows[0]?.n ?? 0;
  } finally {
    await admin.end();
  }
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

// PGlite runs in this process: there is no backend to terminate. PostgreSQL's are real processes.
describe.each(testDatabases().filter((t) => t.name === 'postgres'))('the store when Postgres ends its sessions, on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);
  afterAll(() => db?.cleanup());

  it('answers the next query on a new session after its idle ones were terminated', async () => {
    await Promise.all(Array.from({ length: 4 }, () => db.prisma.syncSource.count()));
    expect(await terminateBackends(db.url)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(within(db.prisma.syncSource.count(), 5_000)).resolves.toBe(0);
  });

  it('fails a query whose session is terminated mid-flight at once, rather than hang, and runs the next', async () => {
    const slow = db.prisma.$queryRawUnsafe('SELECT pg_sleep(30)');
    const failed = expect(within(slow, 5_000)).rejects.toThrow(/terminat|closed|connection/i);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await terminateBackends(db.url)).toBeGreaterThan(0);
    await failed;
    await expect(within(db.prisma.syncSource.count(), 5_000)).resolves.toBe(0);
  });

  it('rolls back a transaction whose session is terminated before it commits', async () => {
    const key = 'test.terminated-mid-transaction';
    const transaction = db.prisma.$transaction(async (tx) => {
      await tx.syncSource.create({ data: { key, kind: 'test' } });
      await tx.$queryRawUnsafe('SELECT pg_sleep(30)');
    }, { timeout: 60_000 });
    const failed = expect(within(transaction, 5_000)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await terminateBackends(db.url);
    await failed;
    expect(await within(db.prisma.syncSource.count({ where: { key } }), 5_000)).toBe(0);
  });
});
