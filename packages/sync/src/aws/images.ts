import type { EC2Client } from '@aws-sdk/client-ec2';
import { ec2ClientFor, listOwnedImages, paceClient } from '@fleet/aws';
import { type AwsAccountConfig, attributeImage, type FleetConfig } from '@fleet/core';
import { lastSuccessOf, listRegisteredImageIds, type PrismaClient, recordImageSnapshot, sharingWrittenSince } from '@fleet/db';
import type { SyncJob } from '../job.ts';
import { checkSharing } from './sharing.ts';

export const IMAGES_KIND = 'ec2.images';
export const LAUNCH_PERMISSIONS_KIND = 'ec2.launch-permissions';

function where(account: AwsAccountConfig, region: string) {
  return `EC2 in account ${account.name} (${account.id}, ${region})`;
}

/** The EC2 clients the image and sharing syncs use: the build account's, and each production account's in the same region. */
export interface ImageClients {
  ec2: EC2Client;
  production: { account: AwsAccountConfig; ec2: EC2Client }[];
}

/** The clients a job of this region uses, each paced and counted as its own account's; given ones are instrumented too. */
export function imageClientsFor(config: FleetConfig, region: string, given?: Partial<ImageClients>): ImageClients {
  const build = config.aws.buildAccount;
  const ec2 = paceClient(given?.ec2 ?? ec2ClientFor(build, region), { accountId: build.id, region, service: 'ec2' });
  const production = config.aws.productionAccounts.map((account) => {
    const client = given?.production?.find((p) => p.account.id === account.id)?.ec2 ?? ec2ClientFor(account, region);
    return { account, ec2: paceClient(client, { accountId: account.id, region, service: 'ec2' }) };
  });
  return { ec2, production };
}

export interface ImageSyncInput {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
  account: AwsAccountConfig;
  region: string;
  clients?: Partial<ImageClients>;
}

/**
 * Reads the build account's worker AMIs and their tags into the store: lineage is read there,
 * where tags are visible. The image sync runs it on its interval; a bake that ended runs it at once.
 * A new AMI's sharing is checked at once rather than on the slower launch-permission loop.
 */
export async function syncImages(input: ImageSyncInput): Promise<{ images: number; warnings: string[] }> {
  const { prisma, config, now, account, region } = input;
  const clients = imageClientsFor(config, region, input.clients);
  const observed = await listOwnedImages(clients.ec2, { tagKey: config.tags.workerType, where: where(account, region) });
  const images = observed.map((image) => ({ ...image, ...attributeImage(image, config) }));
  const previousListingAt = await lastSuccessOf(prisma, { kind: IMAGES_KIND, accountId: account.id, region });
  const changes = await recordImageSnapshot(prisma, { accountId: account.id, region, at: now(), images, previousListingAt });
  const warnings: string[] = [];
  if (changes.unchecked.length > 0) {
    try {
      await checkSharing({ prisma, now, owner: account, region, ownerEc2: clients.ec2, production: clients.production }, changes.unchecked);
    } catch (error) {
      // The AMIs are read; their sharing waits for the launch-permission sync, whose source says what failed.
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push(`the sharing of ${changes.unchecked.length} new AMIs was not checked yet: ${reason}`);
    }
  }
  return { images: images.length, warnings };
}

/** The clients of a job, made once, on its first run, when the config is at hand. */
function clientsOnce(region: string, given?: Partial<ImageClients>) {
  let clients: ImageClients | undefined;
  return (config: FleetConfig) => (clients ??= imageClientsFor(config, region, given));
}

export function imagesJob(account: AwsAccountConfig, region: string, intervalMs: number, clients?: Partial<ImageClients>): SyncJob {
  const clientsFor = clientsOnce(region, clients);
  return {
    key: `${IMAGES_KIND}:${account.id}:${region}`,
    kind: IMAGES_KIND,
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, config, now }) {
      const { images, warnings } = await syncImages({ prisma, config, now, account, region, clients: clientsFor(config) });
      return { itemCount: images, warnings };
    },
  };
}

/**
 * Which production accounts each registered AMI is shared with. A pass right after the image sync
 * checked every AMI (a first sync, a large bake) has nothing left to ask and spends no call.
 */
export function launchPermissionsJob(account: AwsAccountConfig, region: string, intervalMs: number, clients?: Partial<ImageClients>): SyncJob {
  const clientsFor = clientsOnce(region, clients);
  return {
    key: `${LAUNCH_PERMISSIONS_KIND}:${account.id}:${region}`,
    kind: LAUNCH_PERMISSIONS_KIND,
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, config, now }) {
      const registered = await listRegisteredImageIds(prisma, account.id, region);
      const writtenSince = await sharingWrittenSince(prisma, account.id, region);
      if (registered.length === 0 || (writtenSince && now().getTime() - writtenSince.getTime() < intervalMs)) return { itemCount: registered.length };
      const { ec2, production } = clientsFor(config);
      return { itemCount: await checkSharing({ prisma, now, owner: account, region, ownerEc2: ec2, production }) };
    },
  };
}
