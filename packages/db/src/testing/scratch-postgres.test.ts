import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminUrl, createScratchDatabase } from './scratch-postgres.ts';

describe('createScratchDatabase', () => {
  it('fails, saying what to do, when PostgreSQL is not running', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });

    await expect(createScratchDatabase(`postgresql://postgres@127.0.0.1:${port}/postgres`)).rejects.toThrow(
      /PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres is not reachable .*FLEET_TEST_POSTGRES_URL/,
    );
  });

  it('creates a uniquely named database that exists until it is dropped', async () => {
    const scratch = await createScratchDatabase();
    const name = new URL(scratch.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const exists = async () =>
      (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    try {
      expect(name).toMatch(/^fleet_test_\d+_[0-9a-f]{8}$/);
      expect(await exists()).toBe(true);

      await scratch.drop();

      expect(await exists()).toBe(false);
    } finally {
      await admin.end();
    }
  });
});
