import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationError } from './migration-error.ts';

/** One `prisma/migrations/<name>/migration.sql`, as Prisma Migrate reads it. */
export interface MigrationFile {
  name: string;
  script: string;
  /** sha256 of the script, hex: the value Prisma Migrate stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** The repository's `prisma/migrations`, found from this file so it works from any working directory. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../../prisma/migrations/', import.meta.url));

export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/** Every migration in the folder, oldest first (Prisma orders by folder name, which starts with a timestamp). */
export async function readMigrationsFolder(dir: string = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new MigrationError(
      'migrations-folder-invalid',
      `cannot read the migrations folder ${dir}: ${describe(error)}. Pass migrationsDir to migrate() if it lives elsewhere.`,
      { cause: error },
    );
  });
  await checkLockfile(dir);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const script = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new MigrationError(
          'migrations-folder-invalid',
          `migration ${name} has no readable ${file}: ${describe(error)}. Every folder in ${dir} must hold a migration.sql.`,
          { cause: error },
        );
      });
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
}

// Prisma Migrate refuses a folder written for another database; so do we, with the same file.
async function checkLockfile(dir: string): Promise<void> {
  const lockfile = path.join(dir, 'migration_lock.toml');
  const content = await readFile(lockfile, 'utf8').catch(() => null);
  if (content === null) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(content)?.[1];
  if (provider !== 'postgresql') {
    throw new MigrationError(
      'provider-mismatch',
      `${lockfile} says provider = "${provider ?? '(none)'}", but these migrations are applied to PostgreSQL.`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
