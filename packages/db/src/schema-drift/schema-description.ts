/**
 * A database schema as sorted lines of plain words, one fact per line, so that a failing
 * comparison shows exactly the facts that differ.
 */
export type SchemaDescription = string[];

export interface SchemaFacts {
  enums: { name: string; values: readonly string[] }[];
  tables: string[];
  columns: { table: string; column: string; type: string; notNull: boolean; default: string | null }[];
  indexes: {
    table: string;
    name: string;
    kind: 'primary key' | 'unique index' | 'index';
    columns: readonly string[];
    method: string;
  }[];
  foreignKeys: {
    table: string;
    name: string;
    columns: readonly string[];
    referencedTable: string;
    referencedColumns: readonly string[];
    onDelete: string;
    onUpdate: string;
  }[];
}

export function describeSchema(facts: SchemaFacts): SchemaDescription {
  return [
    ...facts.enums.map((e) => `enum ${e.name} (${e.values.join(', ')})`),
    ...facts.tables.map((table) => `table ${table}`),
    ...facts.columns.map(
      (c) =>
        `column ${c.table}.${c.column} ${c.type}${c.notNull ? ' not null' : ''}` +
        (c.default === null ? '' : ` default ${c.default}`),
    ),
    ...facts.indexes.map(
      (i) =>
        `${i.kind} ${i.name} on ${i.table} (${i.columns.join(', ')})` + (i.method === 'btree' ? '' : ` using ${i.method}`),
    ),
    ...facts.foreignKeys.map(
      (f) =>
        `foreign key ${f.name} on ${f.table} (${f.columns.join(', ')}) references ${f.referencedTable} ` +
        `(${f.referencedColumns.join(', ')}) on delete ${f.onDelete} on update ${f.onUpdate}`,
    ),
  ].sort();
}

/** An identifier as PostgreSQL prints it: quoted unless it is plain lower case. */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
