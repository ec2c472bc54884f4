import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import { TEST_DATABASE_TIMEOUT_MS } from './testing/index.ts';

describe('startEmbeddedPostgres', () => {
  let folder: string;
  let dataDir: string;
  let server: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'fleet-embedded-'));
    // Parents that do not exist yet: PGlite would not create them.
    dataDir = path.join(folder, 'nested', 'state', 'pgdata');
    server = await startEmbeddedPostgres({ dataDir });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  it('serves a postgresql:// URL on 127.0.0.1 that pg can use', async () => {
    expect(server?.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const client = await connect(server?.url ?? '');
    try {
      const { rows } = await client.query<{ version: string }>('SELECT version()');
      expect(rows[0]?.version).toContain('PostgreSQL');
    } finally {
      await client.end();
    }
  });

  it('serves two connections at once, and one waits while the other holds a transaction', async () => {
    const [first, second] = await Promise.all([connect(server?.url ?? ''), connect(server?.url ?? '')]);
    try {
      await first.query('CREATE TABLE two_connections (n INTEGER)');
      await first.query('BEGIN');
      await first.query('INSERT INTO two_connections VALUES (1)');
      const events: string[] = [];
      const read = second
        .query<{ n: number }>('SELECT count(*)::int AS n FROM two_connections')
        .then(({ rows }) => events.push(`second read ${rows[0]?.n}`));
      await first.query('INSERT INTO two_connections VALUES (2)');
      events.push('first commits');
      await first.query('COMMIT');
      await read;

      expect(events).toEqual(['first commits', 'second read 2']);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });

  it('keeps the data across a close and a restart on the same folder', async () => {
    const client = await connect(server?.url ?? '');
    await client.query('CREATE TABLE survives (note TEXT)');
    await client.query(`INSERT INTO survives VALUES ('written before the restart')`);
    await client.end();

    await server?.close();
    server = await startEmbeddedPostgres({ dataDir });

    const again = await connect(server.url);
    try {
      const { rows } = await again.query<{ note: string }>('SELECT note FROM survives');
      expect(rows).toEqual([{ note: 'written before the restart' }]);
    } finally {
      await again.end();
    }
  }, TEST_DATABASE_TIMEOUT_MS);
});
