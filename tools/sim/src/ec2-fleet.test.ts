import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  paginateDescribeInstances,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, ec2Client, frozenWorld, PROD, rejection, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;
let prod: EC2Client;

beforeAll(async () => {
  sim = await startTestSimulator(frozenWorld());
  prod = ec2Client(sim, sim.credentialsFor(PROD));
});
afterAll(() => sim.dispose());

const fleetInstances = () => sim.world.fleet.groups().flatMap((group) => sim.world.fleet.instancesOf(group.name));
const tagsOf = (instance: Instance | undefined) => Object.fromEntries(instance?.Tags?.map((tag) => [tag.Key, tag.Value]) ?? []);

describe('DescribeInstances', () => {
  it('pages through every instance of the fleet, at most MaxResults at a time', async () => {
    const pages: Instance[][] = [];
    for await (const page of paginateDescribeInstances({ client: prod, pageSize: 5 }, {})) {
      pages.push(page.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? []);
    }
    expect(pages.length).toBe(Math.ceil(fleetInstances().length / 5));
    expect(pages.every((page) => page.length <= 5)).toBe(true);
    expect(pages.flat().map((instance) => instance.InstanceId).sort()).toEqual(fleetInstances().map((instance) => instance.instanceId).sort());
  });

  it('refuses a page size outside 5..1000, and a page size with instance ids', async () => {
    expect((await rejection(prod.send(new DescribeInstancesCommand({ MaxResults: 4 })))).name).toBe('InvalidParameterValue');
    expect((await rejection(prod.send(new DescribeInstancesCommand({ MaxResults: 1001 })))).name).toBe('InvalidParameterValue');
    const [first] = fleetInstances();
    const error = await rejection(prod.send(new DescribeInstancesCommand({ InstanceIds: [first?.instanceId ?? ''], MaxResults: 5 })));
    expect(error.name).toBe('InvalidParameterCombination');
  });

  it('describes an instance as Auto Scaling launched it: its AMI, zone, loopback address and tags', async () => {
    const group = sim.world.fleet.groups()[0];
    const [record] = sim.world.fleet.instancesOf(group?.name ?? '');
    const answer = await prod.send(new DescribeInstancesCommand({ InstanceIds: [record?.instanceId ?? ''] }));
    const instance = answer.Reservations?.[0]?.Instances?.[0];
    expect(answer.Reservations?.[0]?.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(instance?.ImageId).toBe(record?.imageId);
    expect(instance?.State).toEqual({ Code: 16, Name: 'running' });
    expect(instance?.Placement?.AvailabilityZone).toBe(record?.availabilityZone);
    expect(instance?.PrivateIpAddress).toMatch(/^127\.10\.\d+\.\d+$/);
    expect(instance?.PrivateDnsName).toBe(`ip-${instance?.PrivateIpAddress?.replaceAll('.', '-')}.ec2.internal`);
    expect(instance?.LaunchTime?.getTime()).toBe(record?.launchTime.getTime());
    expect(tagsOf(instance)).toMatchObject({
      Name: group?.name,
      pool: 'jenkins_worker',
      worker_type: group?.tags.find((tag) => tag.key === 'worker_type')?.value,
      'aws:autoscaling:groupName': group?.name,
      'aws:ec2launchtemplate:id': group?.launchTemplate.launchTemplateId,
    });
  });

  it('filters by group tag, state and AMI', async () => {
    const name = sim.world.scenario?.fleet.olderInstances ?? '';
    const members = sim.world.fleet.instancesOf(name);
    const byGroup = await prod.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: [name] }, { Name: 'instance-state-name', Values: ['running'] }] }),
    );
    expect(byGroup.Reservations?.flatMap((reservation) => reservation.Instances?.map((instance) => instance.InstanceId))?.sort()).toEqual(members.map((instance) => instance.instanceId).sort());
    const image = members[0]?.imageId ?? '';
    const byImage = await prod.send(new DescribeInstancesCommand({ Filters: [{ Name: 'image-id', Values: [image] }, { Name: 'tag:Name', Values: ['ci-int-*'] }] }));
    expect(byImage.Reservations?.flatMap((reservation) => reservation.Instances ?? []).every((instance) => instance.ImageId === image)).toBe(true);
    expect(byImage.Reservations?.length).toBe(fleetInstances().filter((instance) => instance.imageId === image).length);
  });

  it('says which instance ids do not exist', async () => {
    const error = await rejection(prod.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    expect(error.name).toBe('InvalidInstanceID.NotFound');
    expect((await rejection(prod.send(new DescribeInstancesCommand({ InstanceIds: ['instance-1'] })))).name).toBe('InvalidInstanceID.Malformed');
  });
});

describe('launch templates', () => {
  it('list each group’s template with its default and latest version', async () => {
    const answer = await prod.send(new DescribeLaunchTemplatesCommand({}));
    expect(answer.LaunchTemplates?.map((template) => template.LaunchTemplateName).sort()).toEqual(sim.world.fleet.groups().map((group) => `lt-${group.name}`).sort());
    expect(answer.LaunchTemplates?.every((template) => template.DefaultVersionNumber === 1 && (template.LatestVersionNumber ?? 0) >= 1)).toBe(true);
    expect((await ec2Client(sim, sim.credentialsFor(BUILD)).send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates).toEqual([]);
  });

  it('describe versions newest first, and the one a group uses names the AMI its instances run', async () => {
    const group = sim.world.fleet.requireGroup(sim.world.scenario?.fleet.current[0] ?? '');
    const all = await prod.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId }));
    const numbers = all.LaunchTemplateVersions?.map((version) => version.VersionNumber) ?? [];
    expect(numbers).toEqual([...numbers].sort((a = 0, b = 0) => b - a));
    const used = await prod.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: group.launchTemplate.launchTemplateName, Versions: [group.launchTemplate.version] }));
    const imageId = used.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
    expect(sim.world.fleet.instancesOf(group.name).every((instance) => instance.imageId === imageId)).toBe(true);
    const latest = await prod.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest'] }));
    expect(latest.LaunchTemplateVersions).toHaveLength(sim.world.fleet.groups().length);
  });

  it('show an AMI taken from Systems Manager as its alias, or resolved when asked', async () => {
    const group = sim.world.fleet.requireGroup(sim.world.scenario?.fleet.ssmImage ?? '');
    const ask = (ResolveAlias: boolean) =>
      prod.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId, Versions: ['$Default'], ResolveAlias }));
    expect((await ask(false)).LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toMatch(/^resolve:ssm:\/app-sre\/jenkins-worker\/.+\/ami-id$/);
    expect((await ask(true)).LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toBe(sim.world.fleet.instancesOf(group.name)[0]?.imageId);
  });

  it('take a new version pointing at a new AMI, keeping the rest of the source version', async () => {
    const group = sim.world.fleet.requireGroup(Object.keys(sim.world.scenario?.fleet.behind ?? {})[0] ?? '');
    const type = group.tags.find((tag) => tag.key === 'worker_type')?.value ?? '';
    const newest = sim.world.currentImage(type)?.imageId ?? '';
    const created = await prod.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: group.launchTemplate.launchTemplateId,
        SourceVersion: '$Latest',
        VersionDescription: 'newest AMI',
        LaunchTemplateData: { ImageId: newest },
        ClientToken: 'roll-out-1',
      }),
    );
    const version = created.LaunchTemplateVersion;
    expect(version?.LaunchTemplateData?.ImageId).toBe(newest);
    expect(version?.LaunchTemplateData?.InstanceType).toMatch(/^(m6i\.large|g4dn\.xlarge)$/);
    expect(version?.CreatedBy).toBe(`arn:aws:iam::${PROD}:user/fleet-portal`);
    const again = await prod.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId, LaunchTemplateData: { ImageId: newest }, ClientToken: 'roll-out-1' }),
    );
    expect(again.LaunchTemplateVersion?.VersionNumber).toBe(version?.VersionNumber);
    const missing = await rejection(prod.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'lt-nothing', LaunchTemplateData: { ImageId: newest } })));
    expect(missing.name).toBe('InvalidLaunchTemplateName.NotFoundException');
  });
});
