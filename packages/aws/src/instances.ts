import { DescribeInstancesCommand, type EC2Client, type Filter } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

export interface InstanceDetail {
  instanceId: string;
  imageId: string | null;
  privateIp: string | null;
  launchTime: Date | null;
  state: string | null;
}

const instanceShape = z.object({
  InstanceId: z.string(),
  ImageId: z.string().optional(),
  PrivateIpAddress: z.string().optional(),
  LaunchTime: z.date().optional(),
  State: z.object({ Name: z.string().optional() }).optional(),
});

/** EC2 takes at most 200 values in one filter. */
export const FILTER_VALUES = 200;
/** DescribeInstances answers at most 1,000 instances a page. */
export const INSTANCES_PAGE = 1000;

/** EC2's view of the given instances; ids it no longer knows are simply absent. */
export function describeInstances(ec2: EC2Client, instanceIds: string[], where: string): Promise<InstanceDetail[]> {
  // A filter rather than InstanceIds: AWS fails the whole call when one listed id is gone.
  return describeFiltered(ec2, 'instance-id', instanceIds, where);
}

/**
 * Every instance EC2 still shows for the named Auto Scaling groups (their tag), a thousand a page:
 * the cheaper way to read many instances at once, e.g. a whole fleet on a first sync.
 */
export function describeInstancesOfGroups(ec2: EC2Client, groupNames: string[], where: string): Promise<InstanceDetail[]> {
  return describeFiltered(ec2, 'tag:aws:autoscaling:groupName', groupNames, where);
}

async function describeFiltered(ec2: EC2Client, filter: string, values: string[], where: string): Promise<InstanceDetail[]> {
  const details: InstanceDetail[] = [];
  try {
    for (let i = 0; i < values.length; i += FILTER_VALUES) {
      const filters: Filter[] = [{ Name: filter, Values: values.slice(i, i + FILTER_VALUES) }];
      let nextToken: string | undefined;
      do {
        const page = await ec2.send(new DescribeInstancesCommand({ Filters: filters, MaxResults: INSTANCES_PAGE, NextToken: nextToken }));
        for (const reservation of page.Reservations ?? []) {
          for (const raw of reservation.Instances ?? []) details.push(toDetail(raw, where));
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return details;
}

function toDetail(raw: unknown, where: string): InstanceDetail {
  const parsed = instanceShape.safeParse(raw);
  if (!parsed.success) throw new AwsFailure('bad-response', `${where} returned an instance that cannot be read`);
  const inst = parsed.data;
  return {
    instanceId: inst.InstanceId,
    imageId: inst.ImageId ?? null,
    privateIp: inst.PrivateIpAddress ?? null,
    launchTime: inst.LaunchTime ?? null,
    state: inst.State?.Name ?? null,
  };
}
