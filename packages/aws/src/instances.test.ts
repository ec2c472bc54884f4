import { DescribeLaunchTemplateVersionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { AwsFailure } from './errors.ts';
import { describeLaunchTemplateImage } from './instances.ts';

const ALIAS = 'resolve:ssm:/app-sre/jenkins-worker/rhel8-builder/ami-id';
const template = { id: null, name: 'lt-rhel8-builder', version: '3' };
const WHERE = 'EC2 in account app-sre (320000000002, us-east-1)';

/** An error as the SDK throws it for an AWS error answer. */
function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`You are not authorized to perform: ${name === 'UnauthorizedOperation' ? 'ssm:GetParameters' : 'this'}`), { name, $metadata: { httpStatusCode: status } });
}

/** A stand-in EC2 client for the launch template calls only: `resolved` answers the ResolveAlias call. */
function ec2(resolved: () => string) {
  const asked: boolean[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof DescribeLaunchTemplateVersionsCommand)) throw new Error('unexpected command');
      const resolve = command.input.ResolveAlias === true;
      asked.push(resolve);
      return { LaunchTemplateVersions: [{ VersionNumber: 3, LaunchTemplateData: { ImageId: resolve ? resolved() : ALIAS } }] };
    },
  } as unknown as EC2Client;
  return { client, asked };
}

describe('the AMI of a launch template that names an SSM parameter', () => {
  it('is the AMI the parameter holds, asked for with ResolveAlias', async () => {
    const { client, asked } = ec2(() => 'ami-0123456789abcdef0');
    expect(await describeLaunchTemplateImage(client, template, WHERE)).toEqual({ versionNumber: 3, imageId: 'ami-0123456789abcdef0', source: 'ssm' });
    expect(asked).toEqual([false, true]);
  });

  it('is unknown when the parameter holds no AMI id', async () => {
    const { client } = ec2(() => ALIAS);
    expect(await describeLaunchTemplateImage(client, template, WHERE)).toEqual({ versionNumber: 3, imageId: null, source: 'ssm' });
  });

  it('is unknown with a warning when the policy forbids reading the parameter, so the group is still read', async () => {
    const { client } = ec2(() => {
      throw awsError('UnauthorizedOperation', 403);
    });
    const image = await describeLaunchTemplateImage(client, template, WHERE);
    expect(image).toMatchObject({ versionNumber: 3, imageId: null, source: 'ssm' });
    expect(image.warning).toMatch(/^the SSM parameter of lt-rhel8-builder could not be resolved: EC2 in account app-sre .* denied the call \(UnauthorizedOperation: .*ssm:GetParameters\); the IAM policy must allow it$/);
  });

  it('fails the sync on any other error, for the next one to try again', async () => {
    const { client } = ec2(() => {
      throw awsError('InternalError', 500);
    });
    const failure = await describeLaunchTemplateImage(client, template, WHERE).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsFailure);
    expect(failure).toMatchObject({ code: 'server' });
  });
});

describe('the AMI of a launch template that names an AMI', () => {
  it('is read in one call', async () => {
    const asked: unknown[] = [];
    const client = {
      send: async (command: DescribeLaunchTemplateVersionsCommand) => {
        asked.push(command.input);
        return { LaunchTemplateVersions: [{ VersionNumber: 7, LaunchTemplateData: { ImageId: 'ami-0fedcba9876543210' } }] };
      },
    } as unknown as EC2Client;
    expect(await describeLaunchTemplateImage(client, { id: 'lt-0abc', name: null, version: null }, WHERE)).toEqual({ versionNumber: 7, imageId: 'ami-0fedcba9876543210', source: 'ami' });
    expect(asked).toEqual([{ LaunchTemplateId: 'lt-0abc', Versions: ['$Default'] }]);
  });
});
