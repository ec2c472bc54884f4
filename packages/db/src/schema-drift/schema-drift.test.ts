import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '../testing/index.ts';
import { introspectSchema } from './database-schema.ts';
import { datamodelOf, declaredSchema, readDeclaredDatamodel, schemaPrismaPath } from './declared-schema.ts';

describe.each(testDatabases())('prisma/migrations against schema.prisma on $name', (target) => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await target.open();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await client?.end();
    await database?.cleanup();
  });

  it('build exactly the tables, columns, keys, indexes and foreign keys the schema declares', async () => {
    const declared = declaredSchema(await readDeclaredDatamodel());

    // On failure: write the missing migration.sql (see packages/db/README.md), do not edit an applied one.
    expect(await introspectSchema(client)).toEqual(declared);
  });

  it('would catch a column added to schema.prisma without a migration', async () => {
    const schema = await readFile(schemaPrismaPath, 'utf8');
    const withNewColumn = schema.replace(
      /^model SyncSource \{$/m,
      'model SyncSource {\n  driftProbe String? @map("drift_probe")',
    );
    expect(withNewColumn).not.toBe(schema);

    const declared = declaredSchema(datamodelOf(withNewColumn));

    expect(declared).toContain('column sync_source.drift_probe text');
    expect(await introspectSchema(client)).not.toEqual(declared);
  });
});
