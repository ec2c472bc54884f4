import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  paginateDescribeInstances,
  type Instance,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { BUILD, ec2Client, PROD, rejection, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();

const fleetInstances = () => fleet.sim.world.fleet.groups().flatMap((group) => fleet.sim.world.fleet.instancesOf(group.name));
const tagsOf = (instance: Instance | undefined) => Object.fromEntries(instance?.Tags?.map((tag) => [tag.Key, tag.Value]) ?? []);

describe('DescribeInstances', () => {
  it('pages through every instance of the fleet, at most MaxResults at a time', async () => {
    const pages: Instance[][] = [];
    for await (const page of paginateDescribeInstances({ client: fleet.ec2, pageSize: 5 }, {})) {
      pages.push(page.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? []);
    }
    expect(pages.length).toBe(Math.ceil(fleetInstances().length / 5));
    expect(pages.every((page) => page.length <= 5)).toBe(true);
    expect(pages.flat().map((instance) => instance.InstanceId).sort()).toEqual(fleetInstances().map((instance) => instance.instanceId).sort());
  });

  it('refuses a page size outside 5..1000, and a page size with instance ids', async () => {
    expect((await rejection(fleet.ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })))).name).toBe('InvalidParameterValue');
    expect((await rejection(fleet.ec2.send(new DescribeInstancesCommand({ MaxResults: 1001 })))).name).toBe('InvalidParameterValue');
    const [first] = fleetInstances();
    const error = await rejection(fleet.ec2.send(new DescribeInstancesCommand({ InstanceIds: [first?.instanceId ?? ''], MaxResults: 5 })));
    expect(error.name).toBe('InvalidParameterCombination');
  });

  it('describes an instance as Auto Scaling launched it: its AMI, zone, loopback address and tags', async () => {
    const group = fleet.sim.world.fleet.groups()[0];
    const [record] = fleet.sim.world.fleet.instancesOf(group?.name ?? '');
    const answer = await fleet.ec2.send(new DescribeInstancesCommand({ InstanceIds: [record?.instanceId ?? ''] }));
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
    const name = fleet.sim.world.scenario?.fleet.olderInstances ?? '';
    const members = fleet.sim.world.fleet.instancesOf(name);
    const byGroup = await fleet.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: [name] }, { Name: 'instance-state-name', Values: ['running'] }] }),
    );
    expect(byGroup.Reservations?.flatMap((reservation) => reservation.Instances?.map((instance) => instance.InstanceId))?.sort()).toEqual(members.map((instance) => instance.instanceId).sort());
    const image = members[0]?.imageId ?? '';
    const byImage = await fleet.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'image-id', Values: [image] }, { Name: 'tag:Name', Values: ['ci-int-*'] }] }));
    expect(byImage.Reservations?.flatMap((reservation) => reservation.Instances ?? []).every((instance) => instance.ImageId === image)).toBe(true);
    expect(byImage.Reservations?.length).toBe(fleetInstances().filter((instance) => instance.imageId === image).length);
  });

  it('says which instance ids do not exist', async () => {
    const error = await rejection(fleet.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    expect(error.name).toBe('InvalidInstanceID.NotFound');
    expect((await rejection(fleet.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['instance-1'] })))).name).toBe('InvalidInstanceID.Malformed');
  });
});

describe('launch templates', () => {
  it('list each group’s template with its default and latest version', async () => {
    const answer = await fleet.ec2.send(new DescribeLaunchTemplatesCommand({}));
    expect(answer.LaunchTemplates?.map((template) => template.LaunchTemplateName).sort()).toEqual(fleet.sim.world.fleet.groups().map((group) => `lt-${group.name}`).sort());
    expect(answer.LaunchTemplates?.every((template) => template.DefaultVersionNumber === 1 && (template.LatestVersionNumber ?? 0) >= 1)).toBe(true);
    expect((await ec2Client(fleet.sim, fleet.sim.credentialsFor(BUILD)).send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates).toEqual([]);
  });

  it('describe versions newest first, and the one a group uses names the AMI its instances run', async () => {
    const group = fleet.sim.world.fleet.requireGroup(fleet.sim.world.scenario?.fleet.current[0] ?? '');
    const all = await fleet.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId }));
    const numbers = all.LaunchTemplateVersions?.map((version) => version.VersionNumber) ?? [];
    expect(numbers).toEqual([...numbers].sort((a = 0, b = 0) => b - a));
    const used = await fleet.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: group.launchTemplate.launchTemplateName, Versions: [group.launchTemplate.version] }));
    const imageId = used.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
    expect(fleet.sim.world.fleet.instancesOf(group.name).every((instance) => instance.imageId === imageId)).toBe(true);
    const latest = await fleet.ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest'] }));
    expect(latest.LaunchTemplateVersions).toHaveLength(fleet.sim.world.fleet.groups().length);
  });

  it('show an AMI taken from Systems Manager as its alias, or resolved when asked', async () => {
    const group = fleet.sim.world.fleet.requireGroup(fleet.sim.world.scenario?.fleet.ssmImage ?? '');
    const ask = (ResolveAlias: boolean) =>
      fleet.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId, Versions: ['$Default'], ResolveAlias }));
    expect((await ask(false)).LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toMatch(/^resolve:ssm:\/app-sre\/jenkins-worker\/.+\/ami-id$/);
    expect((await ask(true)).LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toBe(fleet.sim.world.fleet.instancesOf(group.name)[0]?.imageId);
  });

  it('take a new version pointing at a new AMI, keeping the rest of the source version', async () => {
    const group = fleet.sim.world.fleet.requireGroup(Object.keys(fleet.sim.world.scenario?.fleet.behind ?? {})[0] ?? '');
    const type = group.tags.find((tag) => tag.key === 'worker_type')?.value ?? '';
    const newest = fleet.sim.world.currentImage(type)?.imageId ?? '';
    const created = await fleet.ec2.send(
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
    const again = await fleet.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: group.launchTemplate.launchTemplateId, LaunchTemplateData: { ImageId: newest }, ClientToken: 'roll-out-1' }),
    );
    expect(again.LaunchTemplateVersion?.VersionNumber).toBe(version?.VersionNumber);
    const missing = await rejection(fleet.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'lt-nothing', LaunchTemplateData: { ImageId: newest } })));
    expect(missing.name).toBe('InvalidLaunchTemplateName.NotFoundException');
  });
});
