import type { EC2Client } from '@aws-sdk/client-ec2';
import { AwsFailure, describeLaunchPermissions, listLaunchableImages } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import { listRegisteredImageIds, type PrismaClient, recordSharing } from '@fleet/db';

/** EC2 takes 200 values in a filter: up to that many AMIs are checked in one call per account. */
const FILTERED_CHECK_LIMIT = 200;

export interface SharingCheckInput {
  prisma: PrismaClient;
  now: () => Date;
  /** The build account, which owns the AMIs, and the region they live in. */
  owner: AwsAccountConfig;
  region: string;
  /** The owner's client: only for what a production account's listing cannot tell. */
  ownerEc2: EC2Client;
  /** Each production account with a client made with its own credentials, in `region`. */
  production: { account: AwsAccountConfig; ec2: EC2Client }[];
}

/**
 * Which production accounts may launch each of the owner's registered AMIs in the region (or only
 * `imageIds`). Each production account answers for every AMI at once, with its own credentials:
 * one paged DescribeImages of what it may execute (shared with it, its organisation, or public).
 * Only a public AMI is asked about on its own, of its owner, whose grant list alone names every
 * account. Writes only what changed; returns how many AMIs were checked.
 */
export async function checkSharing(input: SharingCheckInput, imageIds?: string[]): Promise<number> {
  const { prisma, owner, region } = input;
  const ids = imageIds ?? (await listRegisteredImageIds(prisma, owner.id, region));
  if (ids.length === 0) return 0;
  const filtered = imageIds !== undefined && imageIds.length <= FILTERED_CHECK_LIMIT ? ids : undefined;
  const checked = new Set(ids);
  const sharedWith = new Map<string, string[]>(ids.map((id) => [id, []]));
  const publicIds = new Set<string>();
  for (const { account, ec2 } of input.production) {
    const where = `EC2 in account ${account.name} (${account.id}, ${region})`;
    for (const image of await listLaunchableImages(ec2, { ownerId: owner.id, where, imageIds: filtered })) {
      if (!checked.has(image.imageId)) continue;
      sharedWith.get(image.imageId)?.push(account.id);
      if (image.isPublic) publicIds.add(image.imageId);
    }
  }
  const ownerWhere = `EC2 in account ${owner.name} (${owner.id}, ${region})`;
  for (const imageId of publicIds) {
    try {
      const permissions = await describeLaunchPermissions(input.ownerEc2, imageId, ownerWhere);
      sharedWith.set(imageId, [...permissions.accountIds, ...(permissions.isPublic ? ['all'] : [])]);
    } catch (error) {
      // Deregistered since it was listed: the next image sync marks it so.
      if (!(error instanceof AwsFailure && error.code === 'not-found')) throw error;
      sharedWith.delete(imageId);
    }
  }
  await recordSharing(prisma, { accountId: owner.id, region, at: input.now(), sharedWith });
  return sharedWith.size;
}
