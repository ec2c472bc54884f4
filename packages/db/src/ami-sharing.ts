import type { TargetAmi } from '@fleet/core';
import { lineageAmiOf } from './amis.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

export interface SharingCheck {
  accountId: string;
  region: string;
  at: Date;
  /** Which accounts may launch each AMI ('all' for a public one), for every AMI the check covered. */
  sharedWith: ReadonlyMap<string, readonly string[]>;
}

/**
 * Records which accounts may launch each AMI the check covered. Only AMIs whose sharing changed,
 * or that were never checked, are written: a check where nothing changed writes nothing, and the
 * pages take the launch-permission source's last success as when sharing was last confirmed.
 */
export async function recordSharing(prisma: PrismaClient, check: SharingCheck): Promise<number> {
  const ids = [...check.sharedWith.keys()];
  if (ids.length === 0) return 0;
  const rows = await prisma.ami.findMany({ where: { imageId: { in: ids } }, select: { imageId: true, sharedWith: true, sharedCheckedAt: true } });
  const changes = new Map<string, string[]>();
  for (const row of rows) {
    const next = [...(check.sharedWith.get(row.imageId) ?? [])].sort();
    if (row.sharedCheckedAt !== null && sameList(row.sharedWith, next)) continue;
    const key = JSON.stringify(next);
    changes.set(key, [...(changes.get(key) ?? []), row.imageId]);
  }
  let written = 0;
  // One statement per distinct answer: a whole region's AMIs share a handful of them.
  for (const [key, imageIds] of changes) {
    const result = await prisma.ami.updateMany({ where: { imageId: { in: imageIds } }, data: { sharedWith: JSON.parse(key) as string[], sharedCheckedAt: check.at } });
    written += result.count;
  }
  return written;
}

/** AMIs still registered in AWS, whose sharing the launch-permission check answers for. */
export async function listRegisteredImageIds(prisma: PrismaClient, accountId: string, region: string): Promise<string[]> {
  const rows = await prisma.ami.findMany({ where: { accountId, region, deregisteredAt: null }, select: { imageId: true }, orderBy: { creationDate: 'desc' } });
  return rows.map((row) => row.imageId);
}

/**
 * When every registered AMI of the account and region had its sharing written last: recently when
 * a check just covered them all (the image sync checks new AMIs at once), null while one was never
 * checked.
 */
export async function sharingWrittenSince(prisma: PrismaClient, accountId: string, region: string): Promise<Date | null> {
  const where = { accountId, region, deregisteredAt: null };
  const unchecked = await prisma.ami.count({ where: { ...where, sharedCheckedAt: null } });
  if (unchecked > 0) return null;
  const oldest = await prisma.ami.aggregate({ where, _min: { sharedCheckedAt: true } });
  return oldest._min.sharedCheckedAt ?? null;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((value, i) => value === b[i]);
}

/**
 * What a refresh's facts read about AMIs: every AMI of the worker types given and the AMIs named,
 * each with its commit tags seen and which accounts may launch it (null while never checked).
 */
export async function loadTargetAmis(prisma: PrismaClient, where: { workerTypes: string[]; imageIds: string[] }): Promise<TargetAmi[]> {
  const rows = await prisma.ami.findMany({
    where: { OR: [{ workerType: { in: where.workerTypes } }, { imageId: { in: where.imageIds } }] },
    include: { commits: true },
  });
  return rows.map((row) => ({ ...lineageAmiOf(row), sharedWith: row.sharedCheckedAt === null ? null : row.sharedWith }));
}
