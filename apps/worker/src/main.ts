import { createDatabase, migrate } from '@fleet/db';
import { readFleetConfig } from '@fleet/core/config-file';
import { ConfigError } from '@fleet/core';
import { startWorker } from './worker.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the portal\'s Postgres database');
  const config = readFleetConfig();
  await migrate(url);
  const database = createDatabase(url);
  const worker = startWorker({ prisma: database.prisma, config });
  const shutdown = async () => {
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? `worker failed to start: ${error.message}` : error);
  process.exit(1);
});
