import {
  CreateTagsCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  ModifyImageAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, ec2Client, PROD, rejection, startTestSimulator, stsClient, type TestSimulator } from './test-fixture.ts';
import { type AwsCredentials } from './index.ts';

let sim: TestSimulator;
/** How far the simulator's clock runs ahead of the wall clock, to let sessions expire. */
let clockAhead = 0;

beforeAll(async () => {
  sim = await startTestSimulator({ clock: () => new Date(Date.now() + clockAhead) });
});
afterAll(() => sim.dispose());

async function assume(roleArn: string, DurationSeconds?: number): Promise<AwsCredentials> {
  const answer = await stsClient(sim, sim.credentialsFor(BUILD)).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fleet-portal', DurationSeconds }),
  );
  const { AccessKeyId, SecretAccessKey, SessionToken } = answer.Credentials ?? {};
  return { accessKeyId: AccessKeyId ?? '', secretAccessKey: SecretAccessKey ?? '', sessionToken: SessionToken };
}

const sharedWithProd = () =>
  sim.world.images
    .all()
    .filter((image) => image.state === 'available' && image.launchPermissions.has(PROD))
    .map((image) => image.imageId)
    .sort();

describe('the production account', () => {
  let prod: EC2Client;
  beforeAll(() => {
    prod = ec2Client(sim, sim.credentialsFor(PROD));
  });

  it('sees exactly the AMIs shared with it, and none of their tags', async () => {
    const answer = await prod.send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }));
    expect(answer.Images?.map((image) => image.ImageId).sort()).toEqual(sharedWithProd());
    expect(answer.Images?.every((image) => image.OwnerId === BUILD && image.Tags === undefined)).toBe(true);
  });

  it('finds nothing when it filters the shared AMIs by a tag it cannot see', async () => {
    const answer = await prod.send(new DescribeImagesCommand({ Owners: [BUILD], Filters: [{ Name: 'tag-key', Values: ['infra_commit'] }] }));
    expect(answer.Images).toEqual([]);
  });

  it('cannot see the newest builds that are not shared yet', async () => {
    const notYetShared = sim.world.scenario?.notYetShared ?? [];
    expect(notYetShared).toHaveLength(2);
    const error = await rejection(prod.send(new DescribeImagesCommand({ ImageIds: notYetShared })));
    expect(error.name).toBe('InvalidAMIID.NotFound');
  });

  it('keeps the tags it puts on a shared AMI to itself', async () => {
    const [imageId = ''] = sharedWithProd();
    await prod.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'seen_by', Value: 'prod' }] }));
    const [asProd] = (await prod.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images ?? [];
    expect(asProd?.Tags).toEqual([{ Key: 'seen_by', Value: 'prod' }]);
    expect(sim.world.tagsOf(imageId)).not.toHaveProperty('seen_by');
  });

  it('may not read the launch permissions of an AMI it does not own', async () => {
    const [imageId = ''] = sharedWithProd();
    const error = await rejection(prod.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' })));
    expect(error.name).toBe('AuthFailure');
    expect(error.message).toBe(`Not authorized for image:${imageId}`);
  });
});

describe('AssumeRole', () => {
  it('hands out credentials that act as the role in the production account', async () => {
    const credentials = await assume(`arn:aws:iam::${PROD}:role/fleet-portal-readonly`);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const identity = await stsClient(sim, credentials).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(PROD);
    expect(identity.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/fleet-portal-readonly/fleet-portal`);
    const shared = await ec2Client(sim, credentials).send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }));
    expect(shared.Images?.map((image) => image.ImageId).sort()).toEqual(sharedWithProd());
  });

  it('denies a role in an account the fleet does not have', async () => {
    const error = await rejection(assume('arn:aws:iam::999999999999:role/fleet-portal-readonly'));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('lets IAM stop a read-only role from changing an image', async () => {
    const credentials = await assume(`arn:aws:iam::${BUILD}:role/fleet-portal-readonly`);
    const imageId = sim.world.currentImage('rhel8-builder')?.imageId ?? '';
    const error = await rejection(
      ec2Client(sim, credentials).send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: PROD }] } })),
    );
    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('ends the session when its credentials expire', async () => {
    const credentials = await assume(`arn:aws:iam::${PROD}:role/fleet-portal-readonly`, 900);
    clockAhead = 901_000;
    try {
      expect((await rejection(stsClient(sim, credentials, 1).send(new GetCallerIdentityCommand({})))).name).toBe('ExpiredToken');
      expect((await rejection(ec2Client(sim, credentials, 1).send(new DescribeImagesCommand({})))).name).toBe('RequestExpired');
    } finally {
      clockAhead = 0;
    }
  });

  it('refuses a session token that was tampered with', async () => {
    const credentials = await assume(`arn:aws:iam::${PROD}:role/fleet-portal-readonly`);
    const forged = { ...credentials, sessionToken: `x${credentials.sessionToken ?? ''}` };
    const error = await rejection(stsClient(sim, forged).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
  });
});

describe('the build account', () => {
  it('lists what it shared with the production account by asking for that account as executable user', async () => {
    const answer = await ec2Client(sim, sim.credentialsFor(BUILD)).send(new DescribeImagesCommand({ ExecutableUsers: [PROD] }));
    expect(answer.Images?.map((image) => image.ImageId).sort()).toEqual(sharedWithProd());
  });
});

describe('signatures', () => {
  it('answers an unsigned request with the EC2 error document', async () => {
    const answer = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeImages&Version=2016-11-15',
    });
    expect(answer.status).toBe(401);
    const document = new XMLParser().parse(await answer.text()) as { Response?: { Errors?: { Error?: { Code?: string } } } };
    expect(document.Response?.Errors?.Error?.Code).toBe('MissingAuthenticationToken');
  });

  it('rejects an access key no account has', async () => {
    const error = await rejection(
      ec2Client(sim, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new DescribeImagesCommand({ Owners: ['self'] })),
    );
    expect(error.name).toBe('AuthFailure');
    expect(error.$metadata?.httpStatusCode).toBe(401);
  });

  it('rejects a request signed with the wrong secret', async () => {
    const wrong = { ...sim.credentialsFor(BUILD), secretAccessKey: 'not-the-secret' };
    const ec2Error = await rejection(ec2Client(sim, wrong).send(new DescribeImagesCommand({ Owners: ['self'] })));
    expect(ec2Error.name).toBe('AuthFailure');
    const stsError = await rejection(stsClient(sim, wrong, 1).send(new GetCallerIdentityCommand({})));
    expect(stsError.name).toBe('SignatureDoesNotMatch');
    expect(stsError.$metadata?.httpStatusCode).toBe(403);
  });
});
