import type { InfraCommitInfo } from '@fleet/core';
import { LONG_TRANSACTION } from './amis.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

/**
 * Replaces the stored history with the clone's current first-parent history. History is
 * rewritten rarely, and positions shift with every new commit, so a full replacement is simpler
 * and as cheap as a diff for a few hundred rows.
 */
export async function replaceInfraHistory(prisma: PrismaClient, commits: InfraCommitInfo[]): Promise<{ added: number }> {
  return prisma.$transaction(async (tx) => {
    const before = new Set((await tx.infraCommit.findMany({ select: { sha: true } })).map((c) => c.sha));
    await tx.infraCommit.deleteMany({});
    if (commits.length > 0) await tx.infraCommit.createMany({ data: commits });
    return { added: commits.filter((c) => !before.has(c.sha)).length };
  }, LONG_TRANSACTION);
}

export async function loadInfraHistory(prisma: PrismaClient): Promise<InfraCommitInfo[]> {
  return prisma.infraCommit.findMany({ orderBy: { position: 'asc' } });
}
