import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  autoScalingClientFor,
  describeActivities,
  describeGroups,
  describeInstances,
  describeLaunchTemplateImage,
  describeRefreshes,
  ec2ClientFor,
} from '@fleet/aws';
import { type AwsAccountConfig, type FleetConfig, isActiveRefresh } from '@fleet/core';
import { type ObservedGroup, type PrismaClient, recordActivities, recordGroupSnapshot, recordRefreshes } from '@fleet/db';
import type { SyncJob } from '../job.ts';

export interface GroupSyncInput {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
  account: AwsAccountConfig;
  region: string;
  clients: { autoScaling: AutoScalingClient; ec2: EC2Client };
  /** Only these groups, e.g. the target of an action; groups not listed are left as they are. */
  only?: string[];
}

/**
 * Reads the configured groups of one account and region into the store: capacity, launch
 * template and its AMI, instances with EC2's view of them, refreshes and scaling activities.
 * The worker runs it on its interval; an action runs it for its target right after acting.
 */
export async function syncAutoScalingGroups(input: GroupSyncInput): Promise<{ groups: number; refreshing: boolean; warnings: string[] }> {
  const { account, region, clients, prisma, config } = input;
  const where = (service: string) => `${service} in account ${account.name} (${account.id}, ${region})`;
  const names = input.only ?? config.workerTypes.flatMap((w) => w.asgs);
  const groups = await describeGroups(clients.autoScaling, names, where('AutoScaling'));
  const instanceIds = groups.flatMap((g) => g.instances.map((i) => i.instanceId));
  const details = new Map((await describeInstances(clients.ec2, instanceIds, where('EC2'))).map((d) => [d.instanceId, d]));
  const observed: ObservedGroup[] = [];
  const warnings: string[] = [];
  for (const g of groups) {
    const image = g.launchTemplate ? await describeLaunchTemplateImage(clients.ec2, g.launchTemplate, where('EC2')) : null;
    if (image?.warning) warnings.push(image.warning);
    observed.push({
      ...g,
      workerType: config.workerTypes.find((w) => w.asgs.includes(g.name))?.key ?? null,
      imageId: image?.imageId ?? null,
      imageSource: image?.source ?? null,
      details: new Map(g.instances.map((i) => [i.instanceId, details.get(i.instanceId) ?? { imageId: null, privateIp: null, launchTime: null }])),
    });
  }
  const at = input.now();
  await recordGroupSnapshot(prisma, { accountId: account.id, region, at, groups: observed, partial: input.only !== undefined });

  let refreshing = false;
  for (const g of groups) {
    const refreshes = await describeRefreshes(clients.autoScaling, g.name, where('AutoScaling'), 20);
    await recordRefreshes(prisma, g.name, refreshes, at);
    refreshing ||= refreshes.some((r) => isActiveRefresh(r.status));
    await recordActivities(prisma, await describeActivities(clients.autoScaling, g.name, where('AutoScaling'), 100));
  }
  return { groups: groups.length, refreshing, warnings };
}

export interface AsgJobOptions {
  intervalMs: number;
  /** How often to look while a refresh runs, so progress reaches the pages within seconds. */
  refreshingIntervalMs: number;
  clients?: { autoScaling: AutoScalingClient; ec2: EC2Client };
}

/** The configured groups of one production account and region, faster while one refreshes. */
export function asgsJob(account: AwsAccountConfig, region: string, options: AsgJobOptions): SyncJob {
  const clients = options.clients ?? { autoScaling: autoScalingClientFor(account, region), ec2: ec2ClientFor(account, region) };
  return {
    key: `autoscaling.groups:${account.id}:${region}`,
    kind: 'autoscaling.groups',
    accountId: account.id,
    region,
    intervalMs: options.intervalMs,
    async run({ prisma, config, now }) {
      const { groups, refreshing, warnings } = await syncAutoScalingGroups({ prisma, config, now, account, region, clients });
      return { itemCount: groups, nextIntervalMs: refreshing ? options.refreshingIntervalMs : options.intervalMs, warnings };
    },
  };
}
