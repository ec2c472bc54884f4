import type { PrismaClient } from '@fleet/db';
import { z } from 'zod';
import { ActionError, defineAction } from '../guard/action-definition.ts';

/**
 * A guarded action for the tests only, with a side effect one can count: each execution inserts
 * a row into `test_touch`. Its preview reads the target's version from `test_pool`, so a test can
 * change the world between preview and confirmation.
 */
export async function createTouchTables(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS test_pool (name text PRIMARY KEY, version integer NOT NULL)');
  await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS test_touch (journal_id text NOT NULL, target text NOT NULL)');
}

export async function addPool(prisma: PrismaClient, name: string, version = 1): Promise<void> {
  await prisma.$executeRaw`INSERT INTO test_pool (name, version) VALUES (${name}, ${version})
                           ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version`;
}

export async function touches(prisma: PrismaClient, target: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM test_touch WHERE target = ${target}`;
  return row?.n ?? 0;
}

export async function touchedBy(prisma: PrismaClient, journalId: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM test_touch WHERE journal_id = ${journalId}`;
  return (row?.n ?? 0) > 0;
}

export const touchInput = z.strictObject({
  /** How execute behaves: a clean success, a refusal that changed nothing, or a crash after or before the effect. */
  mode: z.enum(['ok', 'refused', 'crash-after-effect', 'crash-before-effect']).default('ok'),
  /** Keeps execute busy, so concurrent requests overlap. */
  delayMs: z.number().int().min(0).max(15_000).default(0),
  /** Keeps preview busy, so a request can be caught between its checks. */
  previewDelayMs: z.number().int().min(0).max(5_000).default(0),
});

export const touchAction = defineAction({
  name: 'test.touch',
  targetKind: 'pool',
  input: touchInput,
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    if (input.previewDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, input.previewDelayMs));
    const [pool] = await ctx.prisma.$queryRaw<{ version: number }[]>`SELECT version FROM test_pool WHERE name = ${target}`;
    if (!pool) throw new ActionError('unknown-pool', `there is no pool named ${target}`);
    return { summary: `touch ${target} at version ${pool.version}`, fingerprint: `${target}@${pool.version}` };
  },
  async execute(ctx, { target, input }, journal) {
    if (input.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, input.delayMs));
    if (input.mode === 'refused') throw new ActionError('pool-refused', `${target} refused the touch`);
    if (input.mode === 'crash-before-effect') throw new Error('connection reset before the request was sent');
    await ctx.prisma.$executeRaw`INSERT INTO test_touch (journal_id, target) VALUES (${journal.id}, ${target})`;
    if (input.mode === 'crash-after-effect') throw new Error('connection reset after the request was sent');
    return { touched: target };
  },
  async reconcile(ctx, journal) {
    if (journal.target.startsWith('unknowable')) return 'unknown';
    return (await touchedBy(ctx.prisma, journal.id)) ? 'succeeded' : 'failed';
  },
});
