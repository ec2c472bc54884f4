import type { PrismaClient } from './generated/prisma/client.ts';

export interface TrailTagging {
  imageId: string;
  commitSha: string;
  at: Date;
}

/**
 * Commit tags CloudTrail saw put on known AMIs that the image sync never saw: the AMI carries
 * another commit by now, so the tag came and went between two passes. Kept as observations
 * `seen_in = 'cloudtrail'`, which lineage shows as observed instead of inferred. Tags the AMI still
 * carries are left to the image sync. Returns how many were new.
 */
export async function recordTagsSeenInTrail(prisma: PrismaClient, taggings: readonly TrailTagging[]): Promise<number> {
  if (taggings.length === 0) return 0;
  const amis = await prisma.ami.findMany({ where: { imageId: { in: [...new Set(taggings.map((t) => t.imageId))] } }, select: { imageId: true, currentCommit: true } });
  const current = new Map(amis.map((ami) => [ami.imageId, ami.currentCommit]));
  const missed = taggings.filter((t) => current.has(t.imageId) && current.get(t.imageId) !== t.commitSha);
  if (missed.length === 0) return 0;
  const { count } = await prisma.amiCommit.createMany({
    data: missed.map((t) => ({ imageId: t.imageId, commitSha: t.commitSha, firstSeenAt: t.at, lastSeenAt: t.at, seenIn: 'cloudtrail' })),
    skipDuplicates: true,
  });
  return count;
}
