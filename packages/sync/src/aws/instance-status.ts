import type { EC2Client } from '@aws-sdk/client-ec2';
import { describeInstanceStatuses, ec2ClientFor, paceClient } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import { type PrismaClient, recordEc2Statuses, syncNodesFromGroups } from '@fleet/db';
import type { SyncJob } from '../job.ts';
import { NODE_SYNC_KINDS } from '../nodes/sources.ts';

/**
 * Makes a node of every instance the Auto Scaling sync knows, then reads EC2's status checks and
 * scheduled events of the whole region in one paged listing.
 */
export async function syncInstanceStatuses(input: { prisma: PrismaClient; now: () => Date; account: AwsAccountConfig; region: string; ec2: EC2Client }): Promise<{ statuses: number }> {
  const { prisma, account, region } = input;
  await syncNodesFromGroups(prisma, input.now());
  const statuses = await describeInstanceStatuses(input.ec2, `EC2 DescribeInstanceStatus in account ${account.name} (${account.id}, ${region})`);
  await recordEc2Statuses(
    prisma,
    statuses.map((s) => ({ instanceId: s.instanceId, state: s.state, systemStatus: s.systemStatus, instanceStatus: s.instanceStatus, events: s.events })),
    input.now(),
    { accountId: account.id, region },
  );
  return { statuses: statuses.length };
}

/** EC2's status checks and scheduled events for one production account and region. */
export function instanceStatusJob(account: AwsAccountConfig, region: string, intervalMs: number, ec2?: EC2Client): SyncJob {
  const client = paceClient(ec2 ?? ec2ClientFor(account, region), { accountId: account.id, region, service: 'ec2' });
  return {
    key: `${NODE_SYNC_KINDS.ec2Status}:${account.id}:${region}`,
    kind: NODE_SYNC_KINDS.ec2Status,
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, now }) {
      const { statuses } = await syncInstanceStatuses({ prisma, now, account, region, ec2: client });
      return { itemCount: statuses };
    },
  };
}
