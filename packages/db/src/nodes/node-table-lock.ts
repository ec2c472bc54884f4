import type { PrismaClient } from '../generated/prisma/client.ts';
import { LONG_TRANSACTION } from '../amis.ts';

/**
 * The advisory lock every writer of `node` takes first. Each source's sync updates thousands of
 * node rows in one statement, in whatever order its source listed them or the planner joined them;
 * two such statements at once lock rows in different orders and Postgres kills one (40P01). One
 * lock for the table makes them take turns instead: each write is one or three statements, so a
 * turn is short, and no sync fails for another's timing.
 */
const NODE_TABLE_LOCK = 0x6e6f_6465; // "node"

/** Runs `work` in a transaction that holds the node table's writer lock. */
export async function writeNodes<T>(prisma: PrismaClient, work: (tx: PrismaClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${NODE_TABLE_LOCK})`);
    // The transaction client is the client the repositories take, minus $transaction itself.
    return work(tx as unknown as PrismaClient);
  }, LONG_TRANSACTION);
}
