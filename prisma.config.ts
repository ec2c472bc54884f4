import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The Prisma CLI insists on its native schema engine even for `generate`, and it cannot be
// downloaded on offline machines. `generate` never runs it, so any executable satisfies the check.
// Migrations are applied by packages/db's own runner (see packages/db/README.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/true';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
});
