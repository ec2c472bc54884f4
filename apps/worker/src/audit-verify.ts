import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, listAuditArchives, type PrismaClient, startEmbeddedPostgres, verifyAuditChain } from '@fleet/db';

/**
 * `npm run audit:verify`: walks the audit trail's hash chain and names its first broken link,
 * then checks each archive file against the checksum its archive row recorded. Reads
 * DATABASE_URL, or the embedded demo's database (FLEET_DATA_DIR, default .data/demo) while the
 * demo is stopped. Exits 1 when anything does not hold.
 */
async function fileSha256(file: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

async function verify(prisma: PrismaClient, archiveDir: string | null): Promise<boolean> {
  const verdict = await verifyAuditChain(prisma);
  const head = `head #${verdict.head.seq} ${verdict.head.hash}`;
  if (verdict.intact) console.log(`audit trail intact: ${verdict.checked} events checked, ${verdict.archived} in archives; ${head}`);
  else console.log(`audit trail BROKEN at event #${verdict.firstBroken!.seq}: ${verdict.firstBroken!.message} (${verdict.checked} events checked before it; ${head})`);
  let filesHold = true;
  for (const archive of await listAuditArchives(prisma)) {
    const file = archiveDir ? path.join(archiveDir, archive.fileName) : null;
    if (!file || !existsSync(file)) {
      console.log(`archive ${archive.fileName} (#${archive.firstSeq}–#${archive.lastSeq}): file not found${archiveDir ? ` in ${archiveDir}` : '; pass its folder as the first argument'}`);
      continue;
    }
    const sha256 = await fileSha256(file);
    const holds = sha256 === archive.fileSha256;
    filesHold &&= holds;
    console.log(`archive ${archive.fileName} (#${archive.firstSeq}–#${archive.lastSeq}): ${holds ? 'checksum matches' : `CHECKSUM DIFFERS (recorded ${archive.fileSha256}, file ${sha256})`}`);
  }
  return verdict.intact && filesHold;
}

async function main(): Promise<number> {
  const archiveDir = process.argv[2] ?? null;
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = createDatabase(url);
    try {
      return (await verify(database.prisma, archiveDir)) ? 0 : 1;
    } finally {
      await database.close();
    }
  }
  const dataDir = path.resolve(process.env.FLEET_DATA_DIR ?? '.data/demo', 'pglite');
  if (!existsSync(dataDir)) throw new Error(`DATABASE_URL is not set and there is no embedded database in ${dataDir}`);
  const postgres = await startEmbeddedPostgres({ dataDir });
  const database = createDatabase(postgres.url);
  try {
    return (await verify(database.prisma, archiveDir)) ? 0 : 1;
  } finally {
    await database.close();
    await postgres.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
