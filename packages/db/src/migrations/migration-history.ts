import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { MigrationFile } from './migrations-folder.ts';

/** A row of `_prisma_migrations`, the table Prisma Migrate keeps its history in. */
export interface AppliedMigration {
  id: string;
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
}

// The table exactly as Prisma Migrate creates it on PostgreSQL, so `prisma migrate status` and
// `prisma migrate deploy` can take over a database this runner migrated, and the other way round.
const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export async function ensureHistoryTable(client: ClientBase): Promise<void> {
  await client.query(CREATE_HISTORY_TABLE);
}

/**
 * The rows that count: Prisma ignores a row once `rolled_back_at` is set
 * (`prisma migrate resolve --rolled-back`), and so do we.
 */
export async function readHistory(client: ClientBase, migrationName?: string): Promise<AppliedMigration[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at, logs
       FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL AND ($1::text IS NULL OR migration_name = $1)
      ORDER BY started_at, migration_name`,
    [migrationName ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    migrationName: row.migration_name,
    checksum: row.checksum,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
    logs: row.logs,
  }));
}

/**
 * Records a migration whose script ran to the end. Prisma counts a PostgreSQL script as one step;
 * the row is written in the migration's own transaction, so it exists exactly when the script's effects do.
 */
export async function recordApplied(client: ClientBase, migration: MigrationFile, startedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
     VALUES ($1, $2, $3, $4, clock_timestamp(), 1)`,
    [randomUUID(), migration.checksum, migration.name, startedAt],
  );
}

/**
 * A failed migration stays in the history with no `finished_at`, as Prisma records it, so every
 * later start (ours or `prisma migrate deploy`) refuses until someone resolves it.
 */
export async function recordFailed(
  client: ClientBase,
  migration: MigrationFile,
  startedAt: Date,
  logs: string,
): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, logs, applied_steps_count)
     VALUES ($1, $2, $3, $4, NULL, $5, 0)`,
    [randomUUID(), migration.checksum, migration.name, startedAt, logs],
  );
}
