import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase } from '../database.ts';
import { startEmbeddedPostgres } from '../embedded-postgres.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { migrate } from '../migrations/migrate.ts';
import { copyPgliteTemplate } from './pglite-template.ts';
import { createScratchDatabase } from './scratch-postgres.ts';

export { countRowWrites, type RowWriteCounter, type RowWrites } from './row-writes.ts';

export type TestDatabaseName = 'postgres' | 'pglite';

export interface TestDatabase {
  name: TestDatabaseName;
  url: string;
  /** Connected to a freshly migrated database that no other test sees. */
  prisma: PrismaClient;
  /** Disconnects and deletes the database. */
  cleanup(): Promise<void>;
}

export interface TestDatabaseTarget {
  name: TestDatabaseName;
  /** A freshly migrated database. */
  open(): Promise<TestDatabase>;
  /** A database with nothing in it, not even the migrations. */
  openEmpty(): Promise<EmptyTestDatabase>;
}

/**
 * Start-up budget for a beforeAll that opens a database (and often a simulator and a first sync):
 * PGlite takes 2–8 s to initialise a data folder (once per machine: later ones copy it, see
 * pglite-template.ts), but a 2-core machine busy with other work has taken over 30 s for the
 * whole hook; a budget that tight fails tests for the machine's load, not for the code.
 */
export const TEST_DATABASE_TIMEOUT_MS = 90_000;

/**
 * Every database the code must work on, for `describe.each`:
 *
 *   describe.each(testDatabases())('on $name', (target) => {
 *     let db: TestDatabase;
 *     beforeAll(async () => { db = await target.open(); }, TEST_DATABASE_TIMEOUT_MS);
 *     afterAll(() => db?.cleanup());
 *   });
 *
 * PostgreSQL must be running: when it is not, `open()` fails rather than skipping, so a green run
 * always means both were tested.
 */
export function testDatabases(): TestDatabaseTarget[] {
  return (['postgres', 'pglite'] as const).map((name) => ({
    name,
    open: () => openTestDatabase(name),
    openEmpty: () => openEmptyTestDatabase(name),
  }));
}

/** A freshly migrated database of that kind. */
export async function openTestDatabase(name: TestDatabaseName): Promise<TestDatabase> {
  const empty = await openEmptyTestDatabase(name);
  return withCleanupOnFailure(empty.cleanup, async () => {
    await migrate(empty.url);
    const database = createDatabase(empty.url);
    return {
      name,
      url: empty.url,
      prisma: database.prisma,
      cleanup: async () => {
        await database.close();
        await empty.cleanup();
      },
    };
  });
}

export interface EmptyTestDatabase {
  name: TestDatabaseName;
  url: string;
  cleanup(): Promise<void>;
}

export async function openEmptyTestDatabase(name: TestDatabaseName): Promise<EmptyTestDatabase> {
  if (name === 'postgres') {
    const scratch = await createScratchDatabase();
    return { name, url: scratch.url, cleanup: scratch.drop };
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'fleet-pglite-'));
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  const server = await withCleanupOnFailure(removeFolder, async () => {
    const dataDir = path.join(folder, 'data');
    await copyPgliteTemplate(dataDir);
    return startEmbeddedPostgres({ dataDir });
  });
  return {
    name,
    url: server.url,
    cleanup: async () => {
      await server.close();
      await removeFolder();
    },
  };
}

async function withCleanupOnFailure<T>(cleanup: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
