import type { ImageAttribution, ImageProblem, LineageAmi, ObservedImage } from '@fleet/core';
import { z } from 'zod';
import type { PrismaClient } from './generated/prisma/client.ts';

export type AttributedImage = ObservedImage & ImageAttribution;

export interface ImageSnapshot {
  accountId: string;
  region: string;
  at: Date;
  images: AttributedImage[];
  /**
   * When the previous complete listing was read (the source's last success): an AMI missing now,
   * or a commit tag replaced now, was last seen then.
   */
  previousListingAt?: Date | null;
}

export interface SnapshotChanges {
  created: number;
  updated: number;
  deregistered: number;
  /** (AMI, commit) pairs seen for the first time: a build or a re-tag. */
  newCommitObservations: number;
  /** Registered AMIs whose launch permissions were never read. */
  unchecked: string[];
}

/**
 * On the embedded PGlite every transaction waits for the one before it, so a sync's transaction
 * may queue behind another for seconds; Prisma's defaults (2 s wait, 5 s run) are for a server.
 */
export const LONG_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

type AmiRow = Awaited<ReturnType<PrismaClient['ami']['findMany']>>[number];

function changed(row: AmiRow, image: AttributedImage): boolean {
  return (
    row.name !== image.name ||
    row.description !== image.description ||
    row.state !== image.state ||
    row.creationDate.getTime() !== image.creationDate.getTime() ||
    row.workerType !== image.workerType ||
    row.baseOs !== image.baseOs ||
    row.role !== image.role ||
    row.buildId !== image.buildId ||
    row.currentCommit !== image.commit ||
    row.builtCommit !== image.builtCommit ||
    row.deregisteredAt !== null ||
    JSON.stringify(sortedTags(row.tags)) !== JSON.stringify(sortedTags(image.tags)) ||
    JSON.stringify(row.tagProblems) !== JSON.stringify(image.problems)
  );
}

const storedProblems = z.array(z.object({ code: z.string(), message: z.string() }));

/** The tag problems the image sync stored for an AMI; anything unreadable reads as none. */
export function tagProblemsOf(row: { tagProblems: unknown }): ImageProblem[] {
  const parsed = storedProblems.safeParse(row.tagProblems);
  return parsed.success ? (parsed.data as ImageProblem[]) : [];
}

function sortedTags(tags: unknown): [string, string][] {
  return Object.entries((tags ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Records one complete listing of an account and region: writes only what changed (a listing
 * where nothing did writes nothing; an AMI still listed was seen at the source's last success),
 * keeps every commit an AMI was ever seen carrying, and marks AMIs missing from the listing as
 * deregistered. Call it only with a listing that read every page, or live AMIs would be marked
 * deregistered.
 */
export async function recordImageSnapshot(prisma: PrismaClient, snapshot: ImageSnapshot): Promise<SnapshotChanges> {
  const { accountId, region, at } = snapshot;
  return prisma.$transaction(async (tx) => {
    const existing = new Map(
      (await tx.ami.findMany({ where: { accountId, region } })).map((row) => [row.imageId, row]),
    );
    const result: SnapshotChanges = { created: 0, updated: 0, deregistered: 0, newCommitObservations: 0, unchecked: [] };
    const fields = (image: AttributedImage) => ({
      name: image.name,
      description: image.description,
      state: image.state,
      creationDate: image.creationDate,
      workerType: image.workerType,
      baseOs: image.baseOs,
      role: image.role,
      buildId: image.buildId,
      currentCommit: image.commit,
      builtCommit: image.builtCommit,
      tags: image.tags,
      tagProblems: image.problems.map((p) => ({ code: p.code, message: p.message })),
      deregisteredAt: null,
    });

    const seenThrough = snapshot.previousListingAt ?? null;
    const created: AttributedImage[] = [];
    const observed: { imageId: string; commitSha: string; firstSeenAt: Date; lastSeenAt: Date }[] = [];
    const retagged: { imageId: string; commitSha: string }[] = [];
    for (const image of snapshot.images) {
      const row = existing.get(image.imageId);
      if (!row) {
        created.push(image);
      } else if (changed(row, image)) {
        await tx.ami.update({ where: { imageId: image.imageId }, data: { ...fields(image), lastSeenAt: at } });
        result.updated += 1;
      }
      if (image.commit && (!row || row.currentCommit !== image.commit)) {
        observed.push({ imageId: image.imageId, commitSha: image.commit, firstSeenAt: at, lastSeenAt: at });
      }
      if (row?.currentCommit && row.currentCommit !== image.commit) retagged.push({ imageId: row.imageId, commitSha: row.currentCommit });
    }
    if (created.length > 0) {
      const inserted = await tx.ami.createMany({
        data: created.map((image) => ({ imageId: image.imageId, accountId, region, ...fields(image), firstSeenAt: at, lastSeenAt: at })),
      });
      result.created = inserted.count;
    }
    if (observed.length > 0) {
      const inserted = await tx.amiCommit.createMany({ data: observed, skipDuplicates: true });
      result.newCommitObservations = inserted.count;
    }

    const seen = new Set(snapshot.images.map((image) => image.imageId));
    const gone = [...existing.values()].filter((row) => !seen.has(row.imageId) && row.deregisteredAt === null);
    // What stopped being seen now was last seen in the previous listing.
    const ended = [...retagged, ...gone.flatMap((row) => (row.currentCommit ? [{ imageId: row.imageId, commitSha: row.currentCommit }] : []))];
    if (seenThrough && ended.length > 0) {
      await tx.$executeRaw`
        UPDATE ami_commit SET last_seen_at = GREATEST(last_seen_at, ${seenThrough})
        FROM jsonb_to_recordset(${JSON.stringify(ended)}::jsonb) AS x("imageId" text, "commitSha" text)
        WHERE ami_commit.image_id = x."imageId" AND ami_commit.commit_sha = x."commitSha"`;
    }
    if (gone.length > 0) {
      const ids = gone.map((row) => row.imageId);
      const marked = await tx.ami.updateMany({ where: { imageId: { in: ids } }, data: { deregisteredAt: at, state: 'deregistered' } });
      if (seenThrough) await tx.ami.updateMany({ where: { imageId: { in: ids }, lastSeenAt: { lt: seenThrough } }, data: { lastSeenAt: seenThrough } });
      result.deregistered = marked.count;
    }
    result.unchecked = snapshot.images
      .filter((image) => image.state === 'available' && !existing.get(image.imageId)?.sharedCheckedAt)
      .map((image) => image.imageId);
    return result;
  }, LONG_TRANSACTION);
}

export async function loadLineageAmis(prisma: PrismaClient): Promise<LineageAmi[]> {
  const rows = await prisma.ami.findMany({ include: { commits: true }, orderBy: { creationDate: 'desc' } });
  return rows.map(lineageAmiOf);
}

type AmiWithCommits = Awaited<ReturnType<PrismaClient['ami']['findMany']>>[number] & {
  commits: { commitSha: string; firstSeenAt: Date; lastSeenAt: Date; seenIn: string }[];
};

/** A stored AMI with its commit tags seen, as the lineage rules read it. */
export function lineageAmiOf(row: AmiWithCommits): LineageAmi {
  return {
    imageId: row.imageId,
    name: row.name,
    workerType: row.workerType,
    creationDate: row.creationDate,
    deregisteredAt: row.deregisteredAt,
    builtCommit: row.builtCommit,
    observations: row.commits.map((c) => ({ sha: c.commitSha, firstSeenAt: c.firstSeenAt, lastSeenAt: c.lastSeenAt, seenIn: c.seenIn === 'cloudtrail' ? ('cloudtrail' as const) : ('sync' as const) })),
  };
}

export async function findAmi(prisma: PrismaClient, imageId: string) {
  return prisma.ami.findUnique({
    where: { imageId },
    include: { commits: { orderBy: { firstSeenAt: 'desc' } } },
  });
}

export type AmiRecord = NonNullable<Awaited<ReturnType<typeof findAmi>>>;

export async function listAmis(prisma: PrismaClient) {
  return prisma.ami.findMany({ orderBy: { creationDate: 'desc' } });
}

export interface AmiFacts {
  imageId: string;
  name: string;
  currentCommit: string | null;
}

/** The named AMIs the store knows, by image id. */
export async function amiFactsByIds(prisma: PrismaClient, imageIds: Iterable<string>): Promise<Map<string, AmiFacts>> {
  const ids = [...new Set(imageIds)];
  if (ids.length === 0) return new Map();
  const amis = await prisma.ami.findMany({ where: { imageId: { in: ids } }, select: { imageId: true, name: true, currentCommit: true } });
  return new Map(amis.map((a) => [a.imageId, a]));
}

/** The AMIs whose commit tag starts with a sha prefix. */
export async function imageIdsOfCommitPrefix(prisma: PrismaClient, shaPrefix: string): Promise<string[]> {
  const amis = await prisma.ami.findMany({ where: { currentCommit: { startsWith: shaPrefix } }, select: { imageId: true } });
  return amis.map((a) => a.imageId);
}

/** Which accounts each named AMI is shared with; an AMI whose launch permissions were never read is left out. */
export async function amiSharingByIds(prisma: PrismaClient, imageIds: Iterable<string>): Promise<Map<string, string[]>> {
  const ids = [...new Set(imageIds)];
  if (ids.length === 0) return new Map();
  const amis = await prisma.ami.findMany({ where: { imageId: { in: ids }, sharedCheckedAt: { not: null } }, select: { imageId: true, sharedWith: true } });
  return new Map(amis.map((a) => [a.imageId, a.sharedWith]));
}
