import { DescribeInstanceStatusCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

export type StatusCheck = 'ok' | 'impaired' | 'initializing' | 'insufficient-data' | 'not-applicable';

export interface InstanceStatus {
  instanceId: string;
  availabilityZone: string | null;
  state: string;
  systemStatus: StatusCheck;
  instanceStatus: StatusCheck;
  events: { code: string; description: string; notBefore: Date | null; notAfter: Date | null }[];
}

const check = z.enum(['ok', 'impaired', 'initializing', 'insufficient-data', 'not-applicable']);
const statusShape = z.object({
  InstanceId: z.string(),
  AvailabilityZone: z.string().optional(),
  InstanceState: z.object({ Name: z.string() }),
  SystemStatus: z.object({ Status: check }).optional(),
  InstanceStatus: z.object({ Status: check }).optional(),
  Events: z
    .array(
      z.object({
        Code: z.string(),
        Description: z.string().optional(),
        NotBefore: z.date().optional(),
        NotAfter: z.date().optional(),
      }),
    )
    .optional(),
});

/**
 * Status checks and scheduled events of every instance in the region, stopped ones included, a
 * thousand per page. One listing for the whole fleet: the portal never asks per node.
 */
export async function describeInstanceStatuses(ec2: EC2Client, where: string): Promise<InstanceStatus[]> {
  const statuses: InstanceStatus[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(new DescribeInstanceStatusCommand({ IncludeAllInstances: true, MaxResults: 1000, NextToken: nextToken }));
      for (const raw of page.InstanceStatuses ?? []) {
        const parsed = statusShape.safeParse(raw);
        if (!parsed.success) {
          throw new AwsFailure('bad-response', `${where} returned an instance status that cannot be read: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
        }
        const s = parsed.data;
        statuses.push({
          instanceId: s.InstanceId,
          availabilityZone: s.AvailabilityZone ?? null,
          state: s.InstanceState.Name,
          systemStatus: s.SystemStatus?.Status ?? 'not-applicable',
          instanceStatus: s.InstanceStatus?.Status ?? 'not-applicable',
          events: (s.Events ?? [])
            // AWS keeps completed and cancelled events with a "[Completed]" / "[Canceled]" description prefix.
            .filter((e) => !/^\[(Completed|Canceled)\]/.test(e.Description ?? ''))
            .map((e) => ({ code: e.Code, description: e.Description ?? '', notBefore: e.NotBefore ?? null, notAfter: e.NotAfter ?? null })),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return statuses;
}
