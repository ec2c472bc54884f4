import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmptyTestDatabase, TEST_DATABASE_TIMEOUT_MS, testDatabases } from '../testing/index.ts';
import { MIGRATION_LOCK_KEY, migrate } from './migrate.ts';
import { defaultMigrationsDir, migrationChecksum, readMigrationsFolder } from './migrations-folder.ts';

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

describe.each(testDatabases())('migrate() on $name', (target) => {
  let database: EmptyTestDatabase;
  let pool: pg.Pool;
  let folder: string;

  beforeAll(async () => {
    database = await target.openEmpty();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await pool?.end();
    await database?.cleanup();
  });

  // One empty database per kind, wiped before each test: a fresh PGlite costs seconds, a schema reset does not.
  beforeEach(async () => {
    await pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    folder = await mkdtemp(path.join(tmpdir(), 'fleet-migrations-'));
    await cp(defaultMigrationsDir, folder, { recursive: true });
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function addMigration(name: string, script: string): Promise<void> {
    await mkdir(path.join(folder, name));
    await writeFile(path.join(folder, name, 'migration.sql'), script);
  }

  async function history(): Promise<HistoryRow[]> {
    const { rows } = await pool.query<HistoryRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at');
    return rows;
  }

  async function tableExists(table: string): Promise<boolean> {
    const { rows } = await pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
    return rows[0]?.found != null;
  }

  it('applies every migration to an empty database and records it as Prisma Migrate does', async () => {
    const migrations = await readMigrationsFolder(folder);
    expect(migrations.length).toBeGreaterThan(0);

    const result = await migrate(database.url, { migrationsDir: folder });

    expect(result).toEqual({ applied: migrations.map((m) => m.name), alreadyApplied: [] });
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(migrationChecksum(migrations[index]?.script ?? ''));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableExists('sync_source')).toBe(true);
  });

  it('applies nothing when the database is up to date', async () => {
    await migrate(database.url, { migrationsDir: folder });
    const before = await history();

    const result = await migrate(pool, { migrationsDir: folder });

    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(before.map((row) => row.migration_name));
    expect(await history()).toEqual(before);
  });

  it('applies only the migrations added since the last run', async () => {
    await migrate(database.url, { migrationsDir: folder });
    await addMigration('99990101000000_add_probe', 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);');

    const result = await migrate(database.url, { migrationsDir: folder });

    expect(result.applied).toEqual(['99990101000000_add_probe']);
    expect(await tableExists('probe')).toBe(true);
  });

  it('lets two processes start at once: both succeed and each migration is applied once', async () => {
    // The slow migration keeps the race window open; applying anything twice would fail on "already exists".
    await addMigration('99990101000000_slow', 'SELECT pg_sleep(0.3); CREATE TABLE "slow" ("id" INTEGER);');
    await addMigration('99990102000000_after_slow', 'CREATE TABLE "after_slow" ("id" INTEGER);');
    const names = (await readMigrationsFolder(folder)).map((m) => m.name);

    const [first, second] = await Promise.all([
      migrate(database.url, { migrationsDir: folder }),
      migrate(database.url, { migrationsDir: folder }),
    ]);

    expect([...first.applied, ...second.applied].sort()).toEqual(names);
    expect(new Set([...first.applied, ...first.alreadyApplied])).toEqual(new Set(names));
    expect(new Set([...second.applied, ...second.alreadyApplied])).toEqual(new Set(names));
    expect((await history()).map((row) => row.migration_name)).toEqual(names);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    await migrate(database.url, { migrationsDir: folder });
    const [first] = await readMigrationsFolder(folder);
    await writeFile(path.join(folder, first?.name ?? '', 'migration.sql'), `${first?.script}\n-- edited\n`);
    await addMigration('99990101000000_add_probe', 'CREATE TABLE "probe" ("id" INTEGER NOT NULL);');

    await expect(migrate(database.url, { migrationsDir: folder })).rejects.toMatchObject({
      code: 'checksum-mismatch',
      message: expect.stringContaining(first?.name ?? '?'),
    });
    expect(await tableExists('probe')).toBe(false);
  });

  it('rolls a failing migration back, records it as failed, and refuses until it is resolved', async () => {
    await addMigration('99990101000000_broken', 'CREATE TABLE "half_done" ("id" INTEGER); SELECT 1 / 0;');

    await expect(migrate(database.url, { migrationsDir: folder })).rejects.toMatchObject({ code: 'migration-failed' });

    expect(await tableExists('half_done')).toBe(false);
    const failed = (await history()).find((row) => row.migration_name === '99990101000000_broken');
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failed?.logs).toContain('division by zero');

    await expect(migrate(database.url, { migrationsDir: folder })).rejects.toMatchObject({
      code: 'failed-migration',
      message: expect.stringContaining('99990101000000_broken'),
    });

    // What `prisma migrate resolve --rolled-back` does; the fixed migration then applies.
    await pool.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE finished_at IS NULL`);
    await writeFile(path.join(folder, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);');
    const result = await migrate(database.url, { migrationsDir: folder });
    expect(result.applied).toEqual(['99990101000000_broken']);
    expect(await tableExists('half_done')).toBe(true);
  });

  it('refuses a migrations folder written for another database', async () => {
    await writeFile(path.join(folder, 'migration_lock.toml'), 'provider = "sqlite"\n');

    await expect(migrate(database.url, { migrationsDir: folder })).rejects.toMatchObject({ code: 'provider-mismatch' });
  });

  it.runIf(target.name === 'postgres')('gives up with a clear error while another process holds the lock', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await expect(migrate(database.url, { migrationsDir: folder, lockTimeoutMs: 200 })).rejects.toMatchObject({
        code: 'lock-timeout',
      });
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      holder.release();
    }
    expect(await tableExists('sync_source')).toBe(false);
  });
});
