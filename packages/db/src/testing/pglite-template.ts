import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Fills `dataDir` with a freshly initialised PGlite cluster. initdb is most of PGlite's 2–8 s
 * start, so it runs once per machine and PGlite version; every test database starts from a copy.
 */
export async function copyPgliteTemplate(dataDir: string): Promise<void> {
  await cp(await pgliteTemplate(), dataDir, { recursive: true });
}

async function pgliteTemplate(): Promise<string> {
  const template = path.join(tmpdir(), `fleet-pglite-template-${await pgliteVersion()}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const building = await mkdtemp(path.join(tmpdir(), 'fleet-pglite-template-build-'));
  try {
    const dataDir = path.join(building, 'data');
    const db = await PGlite.create({ dataDir });
    await db.close();
    // rename is atomic: a concurrent test process sees no template or a whole one, never half.
    await rename(dataDir, template).catch((error: unknown) => {
      if (!existsSync(path.join(template, 'PG_VERSION'))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json'))) {
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${entry}`);
    dir = path.dirname(dir);
  }
  const { version } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return version;
}
