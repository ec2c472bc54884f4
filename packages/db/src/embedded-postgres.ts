import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pinSessionUntilSync } from './pglite-session-pinning.ts';

export interface EmbeddedPostgresOptions {
  /** Where the data lives between runs; created with its parent folders when missing. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port; the chosen one is in the returned url. */
  port?: number;
  /**
   * Connections the socket server accepts at once. Every pg pool counts with its full size
   * (Prisma's defaults to 10), and the server drops a connection over the limit without a word.
   */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** A `postgresql://` URL that pg, Prisma and psql can use. */
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) on a data folder and serves it over the PostgreSQL
 * wire protocol on 127.0.0.1, so the portal runs with no database installed and the same code
 * path as production. All connections share one PGlite session; the server runs one transaction
 * at a time, so a connection waits while another holds a transaction open.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  // PGlite creates the data folder itself but not its parents.
  await mkdir(path.dirname(dataDir), { recursive: true });
  const db = await PGlite.create({ dataDir });
  pinSessionUntilSync(db);
  const server = new PGLiteSocketServer({
    db,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 20,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = server.getServerConn();
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  const host = address.slice(0, address.lastIndexOf(':'));
  let closing: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${host.includes(':') ? `[${host}]` : host}:${port}/postgres`,
    dataDir,
    close() {
      closing ??= (async () => {
        await server.stop();
        // stop() detaches connections without waiting; each may still roll back its transaction.
        await nextTurn();
        await nextTurn();
        await db.close();
      })();
      return closing;
    },
  };
}
