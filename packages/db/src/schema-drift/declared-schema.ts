import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type GetDMMFError, getDMMF } from '@prisma/get-dmmf';
import { describeSchema, type SchemaDescription, sqlIdentifier } from './schema-description.ts';

type Document = Exclude<ReturnType<typeof getDMMF>, GetDMMFError>;
export type Datamodel = Document['datamodel'];
type Model = Datamodel['models'][number];
type Field = Model['fields'][number];

export const schemaPrismaPath = fileURLToPath(new URL('../../../../prisma/schema.prisma', import.meta.url));

/** The data model as Prisma itself reads schema.prisma (its DMMF), not as a regex would. */
export function datamodelOf(schema: string): Datamodel {
  const result = getDMMF({ datamodel: schema });
  if ('reason' in result) throw new Error(`schema.prisma does not parse: ${result.reason}`, { cause: result.error });
  return result.datamodel;
}

export async function readDeclaredDatamodel(): Promise<Datamodel> {
  return datamodelOf(await readFile(schemaPrismaPath, 'utf8'));
}

// What Prisma Migrate creates for each scalar when no @db.* attribute says otherwise.
const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const NATIVE_TYPES: Record<string, (args: readonly string[]) => string> = {
  Text: () => 'text',
  VarChar: (args) => (args[0] ? `character varying(${args[0]})` : 'character varying'),
  Char: (args) => `character(${args[0] ?? 1})`,
  Uuid: () => 'uuid',
  SmallInt: () => 'smallint',
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (args) => (args.length ? `numeric(${args.join(',')})` : 'numeric'),
  Boolean: () => 'boolean',
  Timestamp: (args) => `timestamp(${args[0] ?? 3}) without time zone`,
  Timestamptz: (args) => `timestamp(${args[0] ?? 3}) with time zone`,
  Date: () => 'date',
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
  Inet: () => 'inet',
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'cascade',
  Restrict: 'restrict',
  NoAction: 'no action',
  SetNull: 'set null',
  SetDefault: 'set default',
};

/** The schema Prisma Migrate would create for this data model, in the same words as `introspectSchema`. */
export function declaredSchema(datamodel: Datamodel): SchemaDescription {
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enums = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = (name: string) => {
    const model = models.get(name);
    if (!model) throw new Error(`schema.prisma refers to an unknown model ${name}`);
    return model.dbName ?? model.name;
  };
  const columnOf = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`model ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  return describeSchema({
    enums: datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) })),
    tables: datamodel.models.map((model) => model.dbName ?? model.name),
    columns: datamodel.models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
        .map((field) => {
          const type = columnType(model, field, enums);
          return {
            table: model.dbName ?? model.name,
            column: field.dbName ?? field.name,
            type,
            // Prisma never makes a list column NOT NULL.
            notNull: field.isRequired && !field.isList,
            default: columnDefault(model, field, type),
          };
        }),
    ),
    indexes: datamodel.indexes.map((index) => {
      const model = models.get(index.model);
      if (!model) throw new Error(`index on unknown model ${index.model}`);
      if (index.type === 'fulltext') throw new Error(`full-text index on ${index.model}: PostgreSQL has none`);
      const table = tableOf(index.model);
      const columns = index.fields.map((f) => columnOf(model, f.name));
      const suffix = { id: 'pkey', unique: 'key', normal: 'idx' }[index.type];
      return {
        table,
        name: index.dbName ?? (index.type === 'id' ? `${table}_pkey` : defaultConstraintName(table, columns, suffix)),
        kind: index.type === 'id' ? 'primary key' : index.type === 'unique' ? 'unique index' : 'index',
        columns: index.fields.map((f, i) => (f.sortOrder === 'desc' ? `${columns[i]} desc` : (columns[i] ?? '?'))),
        method: (index.algorithm ?? 'btree').toLowerCase(),
      };
    }),
    foreignKeys: datamodel.models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0)
        .map((field) => {
          const target = models.get(field.type);
          if (!target) throw new Error(`relation ${model.name}.${field.name} points at unknown model ${field.type}`);
          const table = model.dbName ?? model.name;
          const columns = (field.relationFromFields ?? []).map((name) => columnOf(model, name));
          const allRequired = (field.relationFromFields ?? []).every(
            (name) => model.fields.find((f) => f.name === name)?.isRequired,
          );
          // Prisma's defaults when @relation names no action.
          const onDelete = field.relationOnDelete ?? (allRequired ? 'Restrict' : 'SetNull');
          const onUpdate = field.relationOnUpdate ?? 'Cascade';
          return {
            table,
            name: defaultConstraintName(table, columns, 'fkey'),
            columns,
            referencedTable: tableOf(field.type),
            referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
            onDelete: REFERENTIAL_ACTIONS[onDelete] ?? onDelete,
            onUpdate: REFERENTIAL_ACTIONS[onUpdate] ?? onUpdate,
          };
        }),
    ),
  });
}

function columnType(model: Model, field: Field, enums: Map<string, string>): string {
  let base: string | undefined;
  if (field.kind === 'enum') base = sqlIdentifier(enums.get(field.type) ?? field.type);
  else if (field.nativeType) base = NATIVE_TYPES[field.nativeType[0]]?.(field.nativeType[1]);
  else base = SCALAR_TYPES[field.type];
  if (!base) {
    throw new Error(
      `${model.name}.${field.name} uses ${field.nativeType ? `@db.${field.nativeType[0]}` : field.type}, ` +
        'which the drift check does not know yet: add its PostgreSQL type to declared-schema.ts',
    );
  }
  return field.isList ? `${base}[]` : base;
}

function columnDefault(model: Model, field: Field, type: string): string | null {
  const value = field.default;
  if (value === undefined || field.isUpdatedAt) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'::${type}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `ARRAY[]::${type}`;
  } else if ('name' in value) {
    // Defaults Prisma fills in itself leave the column without one.
    if (['uuid', 'cuid', 'nanoid', 'ulid'].includes(value.name)) return null;
    if (value.name === 'now') return 'CURRENT_TIMESTAMP';
    // SERIAL and BIGSERIAL: PostgreSQL names the sequence <table>_<column>_seq.
    if (value.name === 'autoincrement') return `nextval('${model.dbName ?? model.name}_${field.dbName ?? field.name}_seq'::regclass)`;
    if (value.name === 'dbgenerated' && typeof value.args[0] === 'string') return value.args[0];
  }
  throw new Error(
    `${model.name}.${field.name} has a default (${JSON.stringify(value)}) the drift check does not know yet: ` +
      'teach it in declared-schema.ts',
  );
}

// Prisma's naming convention: <table>_<columns>_<suffix>, cut to PostgreSQL's 63-byte identifiers.
function defaultConstraintName(table: string, columns: readonly string[], suffix: string): string {
  return `${`${table}_${columns.join('_')}`.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}
