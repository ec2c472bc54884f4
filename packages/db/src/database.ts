import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface Database {
  prisma: PrismaClient;
  /** Disconnects Prisma and ends its connection pool. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Size of the connection pool (pg's default is 10). */
  maxConnections?: number;
}

/** A Prisma client over node-postgres: the same code for PostgreSQL and the embedded PGlite server. */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  const prisma = new PrismaClient({ adapter });
  return { prisma, close: () => prisma.$disconnect() };
}

interface SharedDatabases {
  byUrl: Map<string, Database>;
}

// Next.js evaluates a module once for pages and once for route handlers; a module-level variable
// would give each its own pool (and, embedded, its own view of the server), globalThis gives one.
const SHARED = Symbol.for('@fleet/db.shared-databases');

function sharedDatabases(): SharedDatabases {
  const holder = globalThis as typeof globalThis & { [SHARED]?: SharedDatabases };
  holder[SHARED] ??= { byUrl: new Map() };
  return holder[SHARED];
}

/**
 * The process-wide database for `url` (default: DATABASE_URL), created on first use. Closing it
 * lets the next call create a fresh one.
 */
export function getDatabase(url: string | undefined = process.env.DATABASE_URL): Database {
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: point it at PostgreSQL (postgresql://user@host:5432/db), ' +
        'or start the portal with `npm start`, which runs the embedded database and sets it.',
    );
  }
  const { byUrl } = sharedDatabases();
  const existing = byUrl.get(url);
  if (existing) return existing;
  const database = createDatabase(url);
  const shared: Database = {
    prisma: database.prisma,
    async close() {
      if (byUrl.get(url) === shared) byUrl.delete(url);
      await database.close();
    },
  };
  byUrl.set(url, shared);
  return shared;
}
