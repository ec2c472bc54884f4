import { type EC2Client } from '@aws-sdk/client-ec2';
import { AwsFailure, describeLaunchPermissions, ec2ClientFor, listOwnedImages } from '@fleet/aws';
import { type AwsAccountConfig, attributeImage, type FleetConfig } from '@fleet/core';
import { listRegisteredImageIds, type PrismaClient, recordImageSnapshot, recordLaunchPermissions } from '@fleet/db';
import pLimit from 'p-limit';
import type { SyncJob } from '../job.ts';

function where(account: AwsAccountConfig, region: string) {
  return `EC2 in account ${account.name} (${account.id}, ${region})`;
}

/**
 * Reads the build account's worker AMIs and their tags into the store: lineage is read there,
 * where tags are visible. The image sync runs it on its interval; a bake that ended runs it at once.
 */
export async function syncImages(input: { prisma: PrismaClient; config: FleetConfig; now: () => Date; account: AwsAccountConfig; region: string; ec2?: EC2Client }): Promise<{ images: number }> {
  const { prisma, config, now, account, region } = input;
  const ec2 = input.ec2 ?? ec2ClientFor(account, region);
  const observed = await listOwnedImages(ec2, { tagKey: config.tags.workerType, where: where(account, region) });
  const images = observed.map((image) => ({ ...image, ...attributeImage(image, config) }));
  const changes = await recordImageSnapshot(prisma, { accountId: account.id, region, at: now(), images });
  // A new AMI's sharing is read at once rather than on the slower launch-permission loop.
  if (changes.unchecked.length > 0) await checkLaunchPermissions(ec2, prisma, changes.unchecked, where(account, region), now);
  return { images: images.length };
}

export function imagesJob(account: AwsAccountConfig, region: string, intervalMs: number, client?: EC2Client): SyncJob {
  const ec2 = client ?? ec2ClientFor(account, region);
  return {
    key: `ec2.images:${account.id}:${region}`,
    kind: 'ec2.images',
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, config, now }) {
      const { images } = await syncImages({ prisma, config, now, account, region, ec2 });
      return { itemCount: images };
    },
  };
}

/** Which production accounts each registered AMI is shared with, as the owner grants it. */
export function launchPermissionsJob(account: AwsAccountConfig, region: string, intervalMs: number, client?: EC2Client): SyncJob {
  const ec2 = client ?? ec2ClientFor(account, region);
  return {
    key: `ec2.launch-permissions:${account.id}:${region}`,
    kind: 'ec2.launch-permissions',
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, now }) {
      const imageIds = await listRegisteredImageIds(prisma, account.id, region);
      return { itemCount: await checkLaunchPermissions(ec2, prisma, imageIds, where(account, region), now) };
    },
  };
}

const limit = pLimit(4);

/** Reads and records the launch permissions of the given AMIs, four calls at a time. */
async function checkLaunchPermissions(ec2: EC2Client, prisma: PrismaClient, imageIds: string[], at: string, now: () => Date): Promise<number> {
  const checked = await Promise.all(
    imageIds.map((imageId) =>
      limit(async () => {
        try {
          const permissions = await describeLaunchPermissions(ec2, imageId, at);
          const sharedWith = permissions.isPublic ? [...permissions.accountIds, 'all'] : permissions.accountIds;
          await recordLaunchPermissions(prisma, imageId, sharedWith, now());
          return 1;
        } catch (error) {
          // Deregistered since the last image sync: the next image sync marks it so.
          if (error instanceof AwsFailure && error.code === 'not-found') return 0;
          throw error;
        }
      }),
    ),
  );
  return checked.reduce<number>((a, b) => a + b, 0);
}
