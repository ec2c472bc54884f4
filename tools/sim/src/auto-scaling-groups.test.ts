import {
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribeAutoScalingInstances,
  StartInstanceRefreshCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsCredentials } from './index.ts';
import { autoScalingClient, BUILD, ec2Client, frozenWorld, PROD, rejection, startTestSimulator, stsClient, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;
let groups: AutoScalingGroup[];

beforeAll(async () => {
  sim = await startTestSimulator(frozenWorld());
  const answer = await autoScalingClient(sim, sim.credentialsFor(PROD)).send(new DescribeAutoScalingGroupsCommand({}));
  groups = answer.AutoScalingGroups ?? [];
});
afterAll(() => sim.dispose());

const configuredGroups = () => sim.world.config.workerTypes.flatMap((type) => type.asgs).sort();
const scenario = () => sim.world.scenario?.fleet;
const group = (name: string | undefined) => groups.find((candidate) => candidate.AutoScalingGroupName === name);
const templateImage = (name: string) => {
  const found = sim.world.fleet.requireGroup(name);
  const template = sim.world.fleet.launchTemplates.find(PROD, { id: found.launchTemplate.launchTemplateId });
  return template && sim.world.fleet.launchTemplates.version(template, found.launchTemplate.version)?.data.imageId;
};

async function assume(role: string): Promise<AwsCredentials> {
  const answer = await stsClient(sim, sim.credentialsFor(BUILD)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/${role}`, RoleSessionName: 'fleet-portal' }));
  return { accessKeyId: answer.Credentials?.AccessKeyId ?? '', secretAccessKey: answer.Credentials?.SecretAccessKey ?? '', sessionToken: answer.Credentials?.SessionToken };
}

describe('the production account', () => {
  it('has the Auto Scaling group of every configured worker type, each on a numbered or named launch template version', () => {
    expect(groups.map((found) => found.AutoScalingGroupName).sort()).toEqual(configuredGroups());
    for (const found of groups) {
      expect(found.LaunchTemplate?.LaunchTemplateId).toMatch(/^lt-0[0-9a-f]{16}$/);
      expect(found.LaunchTemplate?.LaunchTemplateName).toBe(`lt-${found.AutoScalingGroupName}`);
      expect(found.LaunchTemplate?.Version).toMatch(/^(\d+|\$Latest)$/);
      expect(found.AutoScalingGroupARN).toMatch(new RegExp(`^arn:aws:autoscaling:us-east-1:${PROD}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/${found.AutoScalingGroupName}$`));
    }
  });

  it('runs as many healthy instances in service as each group desires, spread over two or three zones', () => {
    for (const found of groups) {
      const instances = found.Instances ?? [];
      expect(instances).toHaveLength(found.DesiredCapacity ?? -1);
      expect(found.DesiredCapacity).toBeGreaterThanOrEqual(found.MinSize ?? Infinity);
      expect(found.DesiredCapacity).toBeLessThanOrEqual(found.MaxSize ?? -1);
      expect(instances.every((instance) => instance.LifecycleState === 'InService' && instance.HealthStatus === 'Healthy')).toBe(true);
      expect(instances.every((instance) => /^i-[0-9a-f]{17}$/.test(instance.InstanceId ?? ''))).toBe(true);
      expect(found.AvailabilityZones?.length).toBeGreaterThanOrEqual(2);
      expect(found.AvailabilityZones?.length).toBeLessThanOrEqual(3);
      expect(instances.every((instance) => found.AvailabilityZones?.includes(instance.AvailabilityZone ?? ''))).toBe(true);
    }
    expect(new Set(groups.map((found) => found.DesiredCapacity)).size).toBeGreaterThan(1);
  });

  it('has one group on $Latest and one whose template takes its AMI from Systems Manager, and says so', () => {
    expect(group(scenario()?.latestVersion)?.LaunchTemplate?.Version).toBe('$Latest');
    expect(templateImage(scenario()?.ssmImage ?? '')).toMatch(/^resolve:ssm:\//);
    expect(sim.world.fleet.rollbackRefusal(scenario()?.latestVersion ?? '')).toMatch(/\$Latest/);
    expect(sim.world.fleet.rollbackRefusal(scenario()?.ssmImage ?? '')).toMatch(/Systems Manager/);
  });

  it('has groups whose launch template runs a build older than the newest their worker type has', () => {
    const behind = Object.entries(scenario()?.behind ?? {});
    expect(behind.length).toBeGreaterThanOrEqual(3);
    for (const [name, builds] of behind.filter(([, count]) => count > 0)) {
      const type = group(name)?.Tags?.find((tag) => tag.Key === 'worker_type')?.Value ?? '';
      const newest = sim.world.currentImage(type);
      const used = sim.world.images.get(sim.world.fleet.instancesOf(name)[0]?.imageId ?? '');
      expect(builds).toBeGreaterThan(0);
      expect(used?.creationDate.getTime()).toBeLessThan(newest?.creationDate.getTime() ?? 0);
    }
  });

  it('has a group where a few instances still run an older AMI than its launch template', () => {
    const name = scenario()?.olderInstances ?? '';
    const current = templateImage(name);
    const older = sim.world.fleet.instancesOf(name).filter((instance) => instance.imageId !== current);
    expect(older.length).toBeGreaterThan(0);
    expect(older.length).toBeLessThan(group(name)?.DesiredCapacity ?? 0);
    expect(sim.world.fleet.refreshesOf(name)[0]?.status).toBe('Cancelled');
  });

  it('comes out the same, ids and addresses, from the same seed', async () => {
    const again = await startTestSimulator(frozenWorld());
    const fingerprint = (world: TestSimulator['world']) =>
      world.fleet.groups().map((found) => [found.launchTemplate, ...world.fleet.instancesOf(found.name).map((instance) => [instance.instanceId, instance.privateIpAddress, instance.imageId])]);
    try {
      expect(fingerprint(again.world)).toEqual(fingerprint(sim.world));
      expect(again.world.scenario?.fleet).toEqual(scenario());
    } finally {
      await again.dispose();
    }
  });

  it('pages through groups at most MaxRecords at a time, never repeating one', async () => {
    const pages = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client: autoScalingClient(sim, sim.credentialsFor(PROD)), pageSize: 2 }, {})) pages.push(page);
    expect(pages.length).toBe(Math.ceil(configuredGroups().length / 2));
    expect(pages.every((page) => (page.AutoScalingGroups?.length ?? 0) <= 2)).toBe(true);
    expect(pages.flatMap((page) => page.AutoScalingGroups?.map((found) => found.AutoScalingGroupName)).sort()).toEqual(configuredGroups());
  });

  it('refuses more than 100 records a page, and a token it did not write', async () => {
    const client = autoScalingClient(sim, sim.credentialsFor(PROD));
    expect((await rejection(client.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 })))).name).toBe('ValidationError');
    expect((await rejection(client.send(new DescribeAutoScalingGroupsCommand({ NextToken: 'not-a-token' })))).name).toBe('InvalidNextToken');
  });

  it('filters groups by tag, by tag key and by name, and leaves out instances when asked', async () => {
    const client = autoScalingClient(sim, sim.credentialsFor(PROD));
    const [first, second] = configuredGroups();
    const byTag = await client.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag:worker_type', Values: ['rhel8-gpu', 'centos7-builder'] }] }));
    expect(byTag.AutoScalingGroups?.map((found) => found.AutoScalingGroupName).sort()).toEqual(['ci-int-jenkins-worker-centos7-builder', 'ci-int-jenkins-worker-rhel8-gpu']);
    const byKey = await client.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['pool'] }, { Name: 'tag:pool', Values: ['jenkins_worker'] }] }));
    expect(byKey.AutoScalingGroups).toHaveLength(configuredGroups().length);
    const byName = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [first ?? '', second ?? '', 'no-such-group'], IncludeInstances: false }));
    expect(byName.AutoScalingGroups?.map((found) => found.AutoScalingGroupName)).toEqual([first, second]);
    expect(byName.AutoScalingGroups?.every((found) => found.Instances === undefined)).toBe(true);
    expect((await rejection(client.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'instance-type', Values: ['m6i.large'] }] })))).name).toBe('ValidationError');
  });

  it('pages through Auto Scaling instances, at most 50 a page', async () => {
    const client = autoScalingClient(sim, sim.credentialsFor(PROD));
    const pages = [];
    for await (const page of paginateDescribeAutoScalingInstances({ client, pageSize: 5 }, {})) pages.push(page.AutoScalingInstances ?? []);
    const all = groups.flatMap((found) => found.Instances?.map((instance) => instance.InstanceId) ?? []).sort();
    expect(pages.every((page) => page.length <= 5)).toBe(true);
    expect(pages.flat().map((instance) => instance.InstanceId).sort()).toEqual(all);
    expect(pages.flat().every((instance) => instance.HealthStatus === 'HEALTHY' && configuredGroups().includes(instance.AutoScalingGroupName ?? ''))).toBe(true);
    expect((await rejection(client.send(new DescribeAutoScalingInstancesCommand({ MaxRecords: 51 })))).name).toBe('ValidationError');
  });

  it('gives every instance a private address on the loopback', async () => {
    const answer = await ec2Client(sim, sim.credentialsFor(PROD)).send(new DescribeInstancesCommand({}));
    const addresses = answer.Reservations?.flatMap((reservation) => reservation.Instances?.map((instance) => instance.PrivateIpAddress) ?? []) ?? [];
    expect(addresses.length).toBe(groups.reduce((sum, found) => sum + (found.DesiredCapacity ?? 0), 0));
    expect(addresses.every((address) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address ?? ''))).toBe(true);
    expect(new Set(addresses).size).toBe(addresses.length);
  });
});

describe('other callers', () => {
  it('the build account has no groups and no instances, as in AWS', async () => {
    const credentials = sim.credentialsFor(BUILD);
    expect((await autoScalingClient(sim, credentials).send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([]);
    expect((await autoScalingClient(sim, credentials).send(new DescribeAutoScalingInstancesCommand({}))).AutoScalingInstances).toEqual([]);
    expect((await ec2Client(sim, credentials).send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
    const error = await rejection(autoScalingClient(sim, credentials).send(new StartInstanceRefreshCommand({ AutoScalingGroupName: configuredGroups()[0] })));
    expect(error.name).toBe('ValidationError');
  });

  it('a read-only role of the production account sees the groups but may not start a refresh', async () => {
    const client = autoScalingClient(sim, await assume('fleet-portal-readonly'));
    expect((await client.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toHaveLength(configuredGroups().length);
    const error = await rejection(client.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: configuredGroups()[0] })));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(sim.world.fleet.activeRefresh(configuredGroups()[0] ?? '')).toBeUndefined();
  });

  it('an operator role of the production account may start one', async () => {
    const name = scenario()?.current[0] ?? '';
    const client = autoScalingClient(sim, await assume('fleet-portal-operator'));
    const started = await client.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: name }));
    expect(sim.world.fleet.activeRefresh(name)?.instanceRefreshId).toBe(started.InstanceRefreshId);
    expect(sim.world.fleet.activeRefresh(name)?.startedBy).toBe(`arn:aws:sts::${PROD}:assumed-role/fleet-portal-operator/fleet-portal`);
  });
});
