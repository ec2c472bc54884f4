import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { autoScalingClientFor, describeActivities, describeGroups, describeRefreshes, ec2ClientFor, paceClient } from '@fleet/aws';
import type { AsgObservation, AwsAccountConfig, FleetConfig } from '@fleet/core';
import {
  groupsWithActiveRefresh,
  lastSuccessOf,
  loadStoredGroups,
  type ObservedGroup,
  type PrismaClient,
  recordActivities,
  recordGroupSnapshot,
  recordRefreshes,
} from '@fleet/db';
import type { SyncJob } from '../job.ts';
import { instanceDetails } from './instance-details.ts';
import { launchTemplateImages } from './launch-template-images.ts';

export const GROUPS_KIND = 'autoscaling.groups';

export interface GroupClients {
  autoScaling: AutoScalingClient;
  ec2: EC2Client;
}

export interface GroupSyncInput {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
  account: AwsAccountConfig;
  region: string;
  clients: GroupClients;
  /** Only these groups, e.g. the target of an action; groups not listed are left as they are. */
  only?: string[];
}

/** The clients of one account and region, paced and counted as that account's. */
export function groupClientsFor(account: AwsAccountConfig, region: string, given?: GroupClients): GroupClients {
  return {
    autoScaling: paceClient(given?.autoScaling ?? autoScalingClientFor(account, region), { accountId: account.id, region, service: 'autoscaling' }),
    ec2: paceClient(given?.ec2 ?? ec2ClientFor(account, region), { accountId: account.id, region, service: 'ec2' }),
  };
}

/**
 * Reads the configured groups of one account and region into the store: capacity, launch
 * template and its AMI, instances with EC2's view of them, refreshes and scaling activities.
 * What is known is not asked again: EC2 is asked only about new instances and launch template
 * versions it has not answered for, and refreshes and activities only of groups that changed,
 * are refreshing or not at their capacity (or that an action targets). The worker runs it on its
 * interval; an action runs it for its target right after acting.
 */
export async function syncAutoScalingGroups(input: GroupSyncInput): Promise<{ groups: number; refreshing: boolean; warnings: string[] }> {
  const { account, region, prisma, config } = input;
  const clients = groupClientsFor(account, region, input.clients);
  const where = (service: string) => `${service} in account ${account.name} (${account.id}, ${region})`;
  const names = input.only ?? config.workerTypes.flatMap((w) => w.asgs);
  const listing = await describeGroups(clients.autoScaling, names, where('AutoScaling'));
  const groups = listing.groups;
  const stored = await loadStoredGroups(prisma, groups.map((g) => g.name));
  const details = await instanceDetails(clients.ec2, groups, stored, where('EC2'));
  const images = await launchTemplateImages(clients.ec2, groups, stored, where('EC2'));
  const observed: ObservedGroup[] = groups.map((g) => ({
    ...g,
    workerType: config.workerTypes.find((w) => w.asgs.includes(g.name))?.key ?? null,
    imageId: images.get(g.name)?.imageId ?? null,
    imageSource: images.get(g.name)?.source ?? null,
    details: new Map(g.instances.map((i) => [i.instanceId, details.get(i.instanceId) ?? { imageId: null, privateIp: null, launchTime: null }])),
  }));
  const warnings = [
    ...listing.refused.map((r) => `${r.problem}; its last good reading is kept`),
    ...[...images.values()].flatMap((image) => (image.warning ? [image.warning] : [])),
  ];
  const at = input.now();
  const partial = input.only !== undefined;
  const previousListingAt = partial ? null : await lastSuccessOf(prisma, { kind: GROUPS_KIND, accountId: account.id, region });
  const kept = listing.refused.flatMap((r) => (r.name === null ? [] : [r.name]));
  // A group AWS described without a name cannot be told apart from one that is gone: nothing is marked gone this pass.
  const unnamed = listing.refused.some((r) => r.name === null);
  const changed = await recordGroupSnapshot(prisma, { accountId: account.id, region, at, groups: observed, partial: partial || unnamed, previousListingAt, kept });

  const refreshing = await groupsWithActiveRefresh(prisma, account.id, region);
  for (const g of groups.filter((group) => partial || changed.has(group.name) || refreshing.has(group.name) || !settled(group))) {
    await recordRefreshes(prisma, g.name, await describeRefreshes(clients.autoScaling, g.name, where('AutoScaling'), 20, warnings), at);
    await recordActivities(prisma, await describeActivities(clients.autoScaling, g.name, where('AutoScaling'), 100, warnings));
  }
  return { groups: groups.length, refreshing: (await groupsWithActiveRefresh(prisma, account.id, region)).size > 0, warnings };
}

/**
 * A group at rest: as many instances as it wants, all in service and healthy. Anything else
 * (launching, terminating, a launch that keeps failing) shows in its scaling activities.
 */
function settled(group: AsgObservation): boolean {
  return group.instances.length === group.desiredCapacity && group.instances.every((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy');
}

export interface AsgJobOptions {
  intervalMs: number;
  /** How often to look while a refresh runs, so progress reaches the pages within seconds. */
  refreshingIntervalMs: number;
  clients?: GroupClients;
}

/** The configured groups of one production account and region, faster while one refreshes. */
export function asgsJob(account: AwsAccountConfig, region: string, options: AsgJobOptions): SyncJob {
  const clients = groupClientsFor(account, region, options.clients);
  return {
    key: `${GROUPS_KIND}:${account.id}:${region}`,
    kind: GROUPS_KIND,
    accountId: account.id,
    region,
    intervalMs: options.intervalMs,
    async run({ prisma, config, now }) {
      const { groups, refreshing, warnings } = await syncAutoScalingGroups({ prisma, config, now, account, region, clients });
      return { itemCount: groups, nextIntervalMs: refreshing ? options.refreshingIntervalMs : options.intervalMs, warnings };
    },
  };
}
