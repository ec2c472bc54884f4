import type { PrismaClient } from '../generated/prisma/client.ts';

/** Rows written per table since the counting began (or was last reset). */
export type RowWrites = Record<string, number>;

export interface RowWriteCounter {
  /** Rows inserted, updated or deleted per table, the tables left out not counted. */
  writes(): Promise<RowWrites>;
  reset(): Promise<void>;
  /** Drops the counting triggers, so later statements in the same database pay nothing for them. */
  stop(): Promise<void>;
}

/**
 * Counts every row written to the portal's tables, from a row trigger on each, so a test can say
 * "this sync wrote nothing" without trusting the code under test. Statements that match no row
 * count nothing. `except` leaves tables out (a source's own freshness row, say).
 */
export async function countRowWrites(prisma: PrismaClient, except: readonly string[] = []): Promise<RowWriteCounter> {
  await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_row_writes (table_name text PRIMARY KEY, rows integer NOT NULL)`);
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION test_count_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_row_writes (table_name, rows) VALUES (TG_TABLE_NAME, 1)
        ON CONFLICT (table_name) DO UPDATE SET rows = test_row_writes.rows + 1;
      RETURN NULL;
    END $$`);
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('test_row_writes', '_prisma_migrations')`,
  );
  const counted = tables.filter((t) => !except.includes(t.name));
  for (const { name } of counted) {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_count_row_write ON "${name}"`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER test_count_row_write AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION test_count_row_write()`);
  }
  return {
    writes: async () => {
      const rows = await prisma.$queryRawUnsafe<{ table_name: string; rows: number }[]>(`SELECT table_name, rows FROM test_row_writes WHERE rows > 0 ORDER BY table_name`);
      return Object.fromEntries(rows.map((row) => [row.table_name, Number(row.rows)]));
    },
    reset: async () => {
      await prisma.$executeRawUnsafe(`DELETE FROM test_row_writes`);
    },
    stop: async () => {
      for (const { name } of counted) await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_count_row_write ON "${name}"`);
    },
  };
}
