import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { syncAutoScalingGroups } from '@fleet/api';
import { autoScalingClientFor, ec2ClientFor } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import type { SyncJob } from './job.ts';

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
