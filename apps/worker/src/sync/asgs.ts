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
import { type ObservedGroup, recordActivities, recordGroupSnapshot, recordRefreshes } from '@fleet/db';
import type { SyncJob } from './job.ts';

export interface AsgJobOptions {
  intervalMs: number;
  /** How often to look while a refresh runs, so progress reaches the pages within seconds. */
  refreshingIntervalMs: number;
  clients?: { autoScaling: AutoScalingClient; ec2: EC2Client };
}

function workerTypeOf(config: FleetConfig, asgName: string): string | null {
  return config.workerTypes.find((w) => w.asgs.includes(asgName))?.key ?? null;
}

/**
 * The configured groups of one production account and region: capacity, launch template and its
 * AMI, instances with EC2's view of them, refreshes and scaling activities.
 */
export function asgsJob(account: AwsAccountConfig, region: string, options: AsgJobOptions): SyncJob {
  const autoScaling = options.clients?.autoScaling ?? autoScalingClientFor(account, region);
  const ec2 = options.clients?.ec2 ?? ec2ClientFor(account, region);
  const where = (service: string) => `${service} in account ${account.name} (${account.id}, ${region})`;
  return {
    key: `autoscaling.groups:${account.id}:${region}`,
    kind: 'autoscaling.groups',
    accountId: account.id,
    region,
    intervalMs: options.intervalMs,
    async run({ prisma, config, now }) {
      const names = config.workerTypes.flatMap((w) => w.asgs);
      const groups = await describeGroups(autoScaling, names, where('AutoScaling'));
      const instanceIds = groups.flatMap((g) => g.instances.map((i) => i.instanceId));
      const details = new Map((await describeInstances(ec2, instanceIds, where('EC2'))).map((d) => [d.instanceId, d]));
      const observed: ObservedGroup[] = [];
      for (const g of groups) {
        const image = g.launchTemplate ? await describeLaunchTemplateImage(ec2, g.launchTemplate, where('EC2')) : null;
        observed.push({
          ...g,
          workerType: workerTypeOf(config, g.name),
          imageId: image?.imageId ?? null,
          imageSource: image?.source ?? null,
          details: new Map(g.instances.map((i) => [i.instanceId, details.get(i.instanceId) ?? { imageId: null, privateIp: null, launchTime: null }])),
        });
      }
      const at = now();
      await recordGroupSnapshot(prisma, { accountId: account.id, region, at, groups: observed });

      let refreshing = false;
      for (const g of groups) {
        const refreshes = await describeRefreshes(autoScaling, g.name, where('AutoScaling'), 20);
        await recordRefreshes(prisma, g.name, refreshes, at);
        refreshing ||= refreshes.some((r) => isActiveRefresh(r.status));
        await recordActivities(prisma, await describeActivities(autoScaling, g.name, where('AutoScaling'), 100));
      }
      return { itemCount: groups.length, nextIntervalMs: refreshing ? options.refreshingIntervalMs : options.intervalMs };
    },
  };
}
