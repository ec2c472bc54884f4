import pg from 'pg';
import { MigrationError } from './migration-error.ts';
import { type AppliedMigration, ensureHistoryTable, readHistory, recordApplied, recordFailed } from './migration-history.ts';
import { type MigrationFile, readMigrationsFolder } from './migrations-folder.ts';

/**
 * Prisma Migrate's own advisory lock key: holding the same one keeps this runner and a
 * `prisma migrate deploy` from ever migrating one database at the same time.
 */
export const MIGRATION_LOCK_KEY = 72707369;

export interface MigrateOptions {
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Applied by this call, oldest first. */
  applied: string[];
  /** Found already applied (possibly by a process that ran at the same time). */
  alreadyApplied: string[];
}

/**
 * Brings the database up to the migrations folder, the way `prisma migrate deploy` would, and
 * refuses when the recorded history says someone must look first (an edited or a failed migration).
 */
export async function migrate(target: pg.Pool | string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrationsFolder(options.migrationsDir);
  const lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
  return withConnection(target, (client) => migrateWithLock(client, migrations, lockTimeoutMs));
}

async function withConnection<T>(target: pg.Pool | string, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  if (typeof target === 'string') {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const client = await target.connect();
  let broken = false;
  try {
    return await work(client);
  } catch (error) {
    broken = !(error instanceof MigrationError);
    throw error;
  } finally {
    // A connection that may still hold the lock, or sit in a transaction, must not go back to the pool.
    client.release(broken);
  }
}

async function migrateWithLock(client: pg.ClientBase, migrations: MigrationFile[], lockTimeoutMs: number) {
  await acquireLock(client, lockTimeoutMs);
  try {
    await ensureHistoryTable(client);
    const history = await readHistory(client);
    checkHistory(history, migrations);
    const recorded = new Set(history.map((row) => row.migrationName));
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (recorded.has(migration.name)) result.alreadyApplied.push(migration.name);
      else if (await applyMigration(client, migration)) result.applied.push(migration.name);
      else result.alreadyApplied.push(migration.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

async function acquireLock(client: pg.ClientBase, timeoutMs: number): Promise<void> {
  // A session-level lock taken inside a transaction outlives it; SET LOCAL keeps the timeout from leaking.
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.round(timeoutMs))}ms`]);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('COMMIT');
  } catch (error) {
    await rollback(client, error);
    if (sqlState(error) === '55P03') {
      throw new MigrationError(
        'lock-timeout',
        `another process held the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY})) for more than ${timeoutMs} ms. ` +
          'Wait for it to finish, or find it in pg_locks and stop it.',
        { cause: error },
      );
    }
    throw error;
  }
}

function checkHistory(history: AppliedMigration[], migrations: MigrationFile[]): void {
  const failed = history.find((row) => row.finishedAt === null);
  if (failed) throw failedMigrationError(failed);
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  // Rows for migrations this checkout lacks (a newer release ran) are left alone, as `prisma migrate deploy` does.
  for (const row of history) {
    const file = byName.get(row.migrationName);
    if (file && file.checksum !== row.checksum) {
      throw new MigrationError(
        'checksum-mismatch',
        `migration ${row.migrationName} was changed after it was applied on ${row.startedAt.toISOString()} ` +
          `(recorded checksum ${row.checksum}, file now ${file.checksum}). ` +
          'Restore its migration.sql from version control and put the change in a new migration.',
      );
    }
  }
}

/**
 * Applies one migration in its own transaction, re-checking the history inside it: on PGlite all
 * connections share one session, so the advisory lock excludes nothing there, but a transaction
 * does (the socket server serialises them), so a concurrent runner finds the row and skips.
 */
async function applyMigration(client: pg.ClientBase, migration: MigrationFile): Promise<boolean> {
  const startedAt = new Date();
  await client.query('BEGIN');
  let existing: AppliedMigration | undefined;
  try {
    [existing] = await readHistory(client, migration.name);
    if (!existing) {
      await client.query(migration.script);
      await recordApplied(client, migration, startedAt);
    }
    await client.query('COMMIT');
  } catch (error) {
    await rollback(client, error);
    const code = sqlState(error);
    if (code === undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    await recordFailed(client, migration, startedAt, `Database error code: ${code}\n\nDatabase error:\n${message}\n`);
    throw new MigrationError(
      'migration-failed',
      `migration ${migration.name} failed and was rolled back (${code}: ${message}). ` +
        `It is now recorded as failed: fix its migration.sql, then ${resolveHint(migration.name)}`,
      { cause: error },
    );
  }
  if (existing?.finishedAt === null) throw failedMigrationError(existing);
  return existing === undefined;
}

function failedMigrationError(row: AppliedMigration): MigrationError {
  const reason = row.logs?.trim().split('\n').at(-1) ?? 'no log recorded';
  return new MigrationError(
    'failed-migration',
    `migration ${row.migrationName} failed on ${row.startedAt.toISOString()} (${reason}), so no migration runs until ` +
      `it is resolved. Check the database, then ${resolveHint(row.migrationName)}`,
  );
}

function resolveHint(name: string): string {
  return (
    `mark it rolled back with \`npx prisma migrate resolve --rolled-back ${name}\` or ` +
    `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${name}' AND finished_at IS NULL; ` +
    'the next start applies it again.'
  );
}

// After a lost connection ROLLBACK fails too; the caller must see the first error, not that one.
async function rollback(client: pg.ClientBase, cause: unknown): Promise<void> {
  if (sqlState(cause) === undefined) await client.query('ROLLBACK').catch(() => undefined);
  else await client.query('ROLLBACK');
}

function sqlState(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}
