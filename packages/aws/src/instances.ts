import { DescribeInstancesCommand, DescribeLaunchTemplateVersionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';
import { AMI_ID } from './images.ts';

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

/** EC2's view of the given instances; ids it no longer knows are simply absent. */
export async function describeInstances(ec2: EC2Client, instanceIds: string[], where: string): Promise<InstanceDetail[]> {
  const details: InstanceDetail[] = [];
  try {
    // A filter rather than InstanceIds: AWS fails the whole call when one listed id is gone.
    for (let i = 0; i < instanceIds.length; i += 200) {
      let nextToken: string | undefined;
      do {
        const page = await ec2.send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-id', Values: instanceIds.slice(i, i + 200) }],
            MaxResults: 1000,
            NextToken: nextToken,
          }),
        );
        for (const reservation of page.Reservations ?? []) {
          for (const raw of reservation.Instances ?? []) {
            const parsed = instanceShape.safeParse(raw);
            if (!parsed.success) throw new AwsFailure('bad-response', `${where} returned an instance that cannot be read`);
            const inst = parsed.data;
            details.push({
              instanceId: inst.InstanceId,
              imageId: inst.ImageId ?? null,
              privateIp: inst.PrivateIpAddress ?? null,
              launchTime: inst.LaunchTime ?? null,
              state: inst.State?.Name ?? null,
            });
          }
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return details;
}

export interface LaunchTemplateImage {
  versionNumber: number | null;
  /** For an SSM parameter, the AMI it names now: what the next launch runs. */
  imageId: string | null;
  /** "ssm" when the template names an SSM parameter instead of an AMI id. */
  source: 'ami' | 'ssm' | null;
  /** Why an SSM parameter could not be resolved, when the account's policy forbids it. */
  warning?: string;
}

/**
 * The AMI a launch template version launches ($Latest and $Default resolved by AWS). A template
 * that names an SSM parameter is asked again with ResolveAlias, so AWS says the AMI the parameter
 * holds now; the parameter can change under the group without a new template version.
 */
export async function describeLaunchTemplateImage(
  ec2: EC2Client,
  template: { id: string | null; name: string | null; version: string | null },
  where: string,
): Promise<LaunchTemplateImage> {
  try {
    const describe = async (resolveAlias: boolean) => {
      const result = await ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name ?? undefined }),
          Versions: [template.version ?? '$Default'],
          ...(resolveAlias && { ResolveAlias: true }),
        }),
      );
      return result.LaunchTemplateVersions?.[0];
    };
    const version = await describe(false);
    const versionNumber = version?.VersionNumber ?? null;
    const imageId = version?.LaunchTemplateData?.ImageId ?? null;
    if (!imageId) return { versionNumber, imageId: null, source: null };
    if (!imageId.startsWith('resolve:ssm:')) return { versionNumber, imageId, source: 'ami' };
    let resolved: string | null;
    try {
      resolved = (await describe(true))?.LaunchTemplateData?.ImageId ?? null;
    } catch (error) {
      const failure = classifyAwsError(error, where);
      // Without ssm:GetParameters only this AMI is unknown; the rest of the group is still worth reading.
      if (failure.code !== 'forbidden') throw failure;
      const name = template.name ?? template.id ?? 'the launch template';
      return { versionNumber, imageId: null, source: 'ssm', warning: `the SSM parameter of ${name} could not be resolved: ${failure.message}` };
    }
    // A parameter that is missing or holds no AMI id comes back as the alias: the AMI stays unknown.
    return { versionNumber, imageId: resolved && AMI_ID.test(resolved) ? resolved : null, source: 'ssm' };
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}
