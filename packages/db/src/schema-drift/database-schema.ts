import type pg from 'pg';
import { describeSchema, type SchemaDescription } from './schema-description.ts';

const ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

// Migrate's own bookkeeping is not part of the data model.
const IGNORED_TABLES = ['_prisma_migrations'];

// Indexes schema.prisma cannot declare at all (on an expression), written by hand in their
// migration and named here one by one, so any other index still has to match the schema.
const HAND_WRITTEN_INDEXES = ['audit_attempt_reason_search_idx'];

/** What the migrations really built in the `public` schema, read from pg_catalog. */
export async function introspectSchema(client: pg.ClientBase): Promise<SchemaDescription> {
  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE n.nspname = 'public'
     GROUP BY t.typname`);

  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY($1))`,
    [IGNORED_TABLES],
  );

  const columns = await client.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND NOT (c.relname = ANY($1))`,
    [IGNORED_TABLES],
  );

  const indexes = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; method: string; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique,
            am.amname AS method,
            array(SELECT coalesce(a.attname::text, '(expression)') ||
                         CASE WHEN (x.indoption[k.ord - 1] & 1) = 1 THEN ' desc' ELSE '' END
                    FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   WHERE k.ord <= x.indnkeyatts
                   ORDER BY k.ord) AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = 'public' AND NOT (t.relname = ANY($1)) AND NOT (i.relname = ANY($2))`,
    [IGNORED_TABLES, HAND_WRITTEN_INDEXES],
  );

  const foreignKeys = await client.query<{
    table: string;
    name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS referenced_table,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND con.contype = 'f'`,
  );

  return describeSchema({
    enums: enums.rows,
    tables: tables.rows.map((row) => row.name),
    columns: columns.rows.map((row) => ({
      table: row.table,
      column: row.column,
      type: row.type,
      notNull: row.not_null,
      default: row.default,
    })),
    indexes: indexes.rows.map((row) => ({
      table: row.table,
      name: row.name,
      kind: row.primary ? 'primary key' : row.unique ? 'unique index' : 'index',
      columns: row.columns,
      method: row.method,
    })),
    foreignKeys: foreignKeys.rows.map((row) => ({
      table: row.table,
      name: row.name,
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
      onUpdate: ACTIONS[row.on_update] ?? row.on_update,
    })),
  });
}
