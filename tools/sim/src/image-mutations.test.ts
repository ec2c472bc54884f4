import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  ModifyImageAttributeCommand,
  RegisterImageCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, ec2Client, PROD, rejection, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;
let ec2: EC2Client;
let prod: EC2Client;

beforeAll(async () => {
  sim = await startTestSimulator();
  ec2 = ec2Client(sim, sim.credentialsFor(BUILD));
  prod = ec2Client(sim, sim.credentialsFor(PROD));
});
afterAll(() => sim.dispose());

const imageOf = (type: string) => sim.world.currentImage(type)?.imageId ?? '';

describe('tags', () => {
  it('adds and overwrites tags', async () => {
    const imageId = imageOf('centos7-builder');
    await ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'promoted', Value: 'no' }, { Key: 'owner', Value: 'sre' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'promoted', Value: 'yes' }] }));
    expect(sim.world.tagsOf(imageId)).toMatchObject({ promoted: 'yes', owner: 'sre' });
  });

  it('deletes a tag given with a value only when the value matches', async () => {
    const imageId = imageOf('centos7-tester');
    await ec2.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'stage', Value: 'canary' }, { Key: 'ticket', Value: 'SRE-1' }] }));
    await ec2.send(new DeleteTagsCommand({ Resources: [imageId], Tags: [{ Key: 'stage', Value: 'stable' }, { Key: 'ticket' }] }));
    expect(sim.world.tagsOf(imageId)).toHaveProperty('stage', 'canary');
    expect(sim.world.tagsOf(imageId)).not.toHaveProperty('ticket');
    await ec2.send(new DeleteTagsCommand({ Resources: [imageId], Tags: [{ Key: 'stage', Value: 'canary' }] }));
    expect(sim.world.tagsOf(imageId)).not.toHaveProperty('stage');
  });

  it('changes nothing when one of the resources does not exist', async () => {
    const imageId = imageOf('rhel7-builder');
    const error = await rejection(
      ec2.send(new CreateTagsCommand({ Resources: [imageId, 'ami-0123456789abcdef0'], Tags: [{ Key: 'half', Value: 'done' }] })),
    );
    expect(error.name).toBe('InvalidAMIID.NotFound');
    expect(sim.world.tagsOf(imageId)).not.toHaveProperty('half');
  });

  it('reserves the aws: prefix', async () => {
    const error = await rejection(ec2.send(new CreateTagsCommand({ Resources: [imageOf('rhel7-builder')], Tags: [{ Key: 'aws:x', Value: '1' }] })));
    expect(error.name).toBe('InvalidParameterValue');
  });
});

describe('launch permissions', () => {
  it('shares an AMI with an account and the account sees it, then unshares it', async () => {
    const [imageId = ''] = sim.world.scenario?.notYetShared ?? [];
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: PROD }] } }));
    const attribute = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    expect(attribute.LaunchPermissions).toEqual([{ UserId: PROD }]);
    expect((await prod.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0]?.ImageId).toBe(imageId);

    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ UserId: PROD }] } }));
    expect((await rejection(prod.send(new DescribeImagesCommand({ ImageIds: [imageId] })))).name).toBe('InvalidAMIID.NotFound');
  });

  it('makes an AMI public with the group all, in the older operation-type form too', async () => {
    const imageId = imageOf('rhel7-app-interface');
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission', OperationType: 'add', UserGroups: ['all'] }));
    const attribute = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    expect(attribute.LaunchPermissions).toContainEqual({ Group: 'all' });
    const [image] = (await prod.send(new DescribeImagesCommand({ ExecutableUsers: ['all'] }))).Images ?? [];
    expect(image?.ImageId).toBe(imageId);
    expect(image?.Public).toBe(true);
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ Group: 'all' }] } }));
    expect((await prod.send(new DescribeImagesCommand({ ExecutableUsers: ['all'] }))).Images).toEqual([]);
  });

  it('refuses an account id that is not one', async () => {
    const error = await rejection(
      ec2.send(new ModifyImageAttributeCommand({ ImageId: imageOf('rhel8-gpu'), LaunchPermission: { Add: [{ UserId: 'prod' }] } })),
    );
    expect(error.name).toBe('InvalidAMIAttributeItemValue');
  });

  it('answers a dry run without changing anything', async () => {
    const imageId = imageOf('rhel8-gpu');
    const before = [...(sim.world.images.get(imageId)?.launchPermissions ?? [])];
    const error = await rejection(
      ec2.send(new ModifyImageAttributeCommand({ ImageId: imageId, DryRun: true, LaunchPermission: { Remove: [{ UserId: PROD }] } })),
    );
    expect(error.name).toBe('DryRunOperation');
    expect(error.$metadata?.httpStatusCode).toBe(412);
    expect([...(sim.world.images.get(imageId)?.launchPermissions ?? [])]).toEqual(before);
  });

  it('reads the description attribute', async () => {
    const imageId = imageOf('rhel8-gpu');
    const answer = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'description' }));
    expect(answer.Description?.Value).toBe(sim.world.images.get(imageId)?.description);
  });
});

describe('register and deregister', () => {
  it('registers an AMI with its tags and refuses its name a second time', async () => {
    const input = {
      Name: 'hand-made-rhel8',
      RootDeviceName: '/dev/sda1',
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-0123456789abcdef0', VolumeSize: 30 } }],
      TagSpecifications: [{ ResourceType: 'image' as const, Tags: [{ Key: 'worker_type', Value: 'experimental' }] }],
    };
    const { ImageId } = await ec2.send(new RegisterImageCommand(input));
    expect(ImageId).toMatch(/^ami-[0-9a-f]{17}$/);
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId ?? ''] }))).Images ?? [];
    expect(image).toMatchObject({ Name: 'hand-made-rhel8', OwnerId: BUILD, Tags: [{ Key: 'worker_type', Value: 'experimental' }] });
    expect(image?.BlockDeviceMappings?.[0]?.Ebs?.VolumeSize).toBe(30);
    expect((await rejection(ec2.send(new RegisterImageCommand(input)))).name).toBe('InvalidAMIName.Duplicate');
  });

  it('deregisters an AMI, which then no longer exists for anyone', async () => {
    const { ImageId = '' } = await ec2.send(new RegisterImageCommand({ Name: 'short-lived' }));
    const answer = await ec2.send(new DeregisterImageCommand({ ImageId }));
    expect(answer.Return).toBe(true);
    expect((await rejection(ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId] })))).name).toBe('InvalidAMIID.NotFound');
  });

  it('lets only the owner deregister', async () => {
    const [imageId = ''] = sim.world.images.all().filter((image) => image.launchPermissions.has(PROD)).map((image) => image.imageId);
    const error = await rejection(prod.send(new DeregisterImageCommand({ ImageId: imageId })));
    expect(error.name).toBe('AuthFailure');
    expect(sim.world.images.get(imageId)?.state).toBe('available');
  });

  it('needs a name', async () => {
    const error = await rejection(ec2.send(new RegisterImageCommand({ Name: undefined })));
    expect(error.name).toBe('MissingParameter');
  });
});
