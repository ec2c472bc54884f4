import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliAvailable, awsCliError } from './aws-cli-client.ts';
import { HISTORY_END, startTestSimulator, type TestSimulator } from './test-fixture.ts';

const hasCli = awsCliAvailable('the simulated AWS');

const BUILD = '310000000001';
const PROD_A = '320000000002';
const PROD_B = '330000000003';
const TYPES = ['centos7-builder', 'rhel8-builder', 'rhel8-tester'];

/** A fleet over two production accounts and two regions: the groups take each account and region in turn. */
function twoRegionConfig(): FleetConfig {
  const parsed = parseFleetConfig(
    [
      'infraRepo: { commitUrlTemplate: "https://git.example.com/infra/commit/{sha}" }',
      'aws:',
      `  buildAccount: { id: "${BUILD}", name: build, regions: [us-east-1, eu-west-1] }`,
      '  productionAccounts:',
      `    - { id: "${PROD_A}", name: prod-a, regions: [us-east-1, eu-west-1] }`,
      `    - { id: "${PROD_B}", name: prod-b, regions: [us-east-1, eu-west-1] }`,
      'workerTypes:',
      ...TYPES.map((key) => `  - { key: ${key}, baseOs: ${key.split('-')[0]}, role: ${key.split('-')[1]}, asgs: [pool-${key}-a, pool-${key}-b] }`),
    ].join('\n'),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

let sim: TestSimulator;

/** Runs the AWS CLI with one account's keys, in one region, and parses its JSON. */
const aws = <T>(account: string, region: string, args: string[]) => awsCli<T>(sim.url, sim.credentialsFor(account), region, args);
const awsError = (account: string, region: string, args: string[]) => awsCliError(sim.url, sim.credentialsFor(account), region, args);

beforeAll(async () => {
  sim = await startTestSimulator({ config: twoRegionConfig(), seeding: { groupPlacement: 'spread', instancesPerGroup: 3 }, clock: () => new Date(HISTORY_END.getTime() + 3_600_000), timeScale: 1 });
});
afterAll(() => sim?.dispose());

describe.skipIf(!hasCli)('the simulator as the AWS CLI sees it', () => {
  it('keeps each region to itself: AMIs are copied to every build region, groups live in one account and region', async () => {
    const images = sim.world.images.all().filter((image) => image.state !== 'deregistered');
    for (const region of ['us-east-1', 'eu-west-1']) {
      const listed = await aws<{ Images: { ImageId: string }[] }>(BUILD, region, ['ec2', 'describe-images', '--owners', 'self']);
      expect(listed.Images.map((i) => i.ImageId).sort()).toEqual(images.filter((i) => i.region === region).map((i) => i.imageId).sort());
    }
    // Every pipeline build made its AMIs in the build account's first region and copied them to the other.
    for (const build of sim.world.builds) expect(Object.keys(build.copies?.['eu-west-1'] ?? {}).sort()).toEqual(Object.keys(build.images).sort());

    const groups = await aws<{ AutoScalingGroups: { AutoScalingGroupName: string; AutoScalingGroupARN: string; Instances: unknown[] }[] }>(PROD_B, 'eu-west-1', [
      'autoscaling',
      'describe-auto-scaling-groups',
    ]);
    const expected = sim.world.fleet.groups().filter((g) => g.ownerId === PROD_B && g.region === 'eu-west-1');
    expect(expected.length).toBeGreaterThan(0);
    expect(groups.AutoScalingGroups.map((g) => g.AutoScalingGroupName).sort()).toEqual(expected.map((g) => g.name).sort());
    expect(groups.AutoScalingGroups.every((g) => g.AutoScalingGroupARN.startsWith(`arn:aws:autoscaling:eu-west-1:${PROD_B}:`) && g.Instances.length === 3)).toBe(true);

    const instances = await aws<{ Reservations: { Instances: { Placement: { AvailabilityZone: string } }[] }[] }>(PROD_B, 'eu-west-1', ['ec2', 'describe-instances']);
    const zones = instances.Reservations.flatMap((r) => r.Instances.map((i) => i.Placement.AvailabilityZone));
    expect(zones.length).toBeGreaterThan(0);
    expect(zones.every((zone) => zone.startsWith('eu-west-1'))).toBe(true);
  });

  it('lists from a production account the build account’s AMIs it may launch (ExecutableUsers), paged', async () => {
    const region = 'us-east-1';
    const shared = sim.world.images.all().filter((i) => i.ownerId === BUILD && i.region === region && i.state !== 'deregistered' && i.launchPermissions.has(PROD_A));
    const unshared = sim.world.images.all().find((i) => i.ownerId === BUILD && i.region === region && i.state === 'available' && !i.launchPermissions.has(PROD_A));
    expect(unshared).toBeDefined();
    sim.calls.clear();
    const listed = await aws<{ Images: { ImageId: string; Public: boolean; Tags?: unknown[] }[] }>(PROD_A, region, [
      'ec2',
      'describe-images',
      '--owners',
      BUILD,
      '--executable-users',
      'self',
      '--page-size',
      '5',
    ]);
    expect(listed.Images.map((i) => i.ImageId).sort()).toEqual(shared.map((i) => i.imageId).sort());
    // The owner's tags are its own: the production account sees none of them.
    expect(listed.Images.every((i) => i.Public === false && i.Tags === undefined)).toBe(true);
    expect(sim.calls.list({ accountId: PROD_A, action: 'DescribeImages' })).toEqual([
      { accountId: PROD_A, region, service: 'ec2', action: 'DescribeImages', calls: Math.ceil(shared.length / 5), throttled: 0 },
    ]);

    // Made public, an unshared AMI comes back with ExecutableUsers=all and not with self.
    unshared!.isPublic = true;
    try {
      const publicOnes = await aws<{ Images: { ImageId: string; Public: boolean }[] }>(PROD_A, region, ['ec2', 'describe-images', '--owners', BUILD, '--executable-users', 'all']);
      expect(publicOnes.Images).toEqual([expect.objectContaining({ ImageId: unshared!.imageId, Public: true })]);
      const selfOnly = await aws<{ Images: { ImageId: string }[] }>(PROD_A, region, ['ec2', 'describe-images', '--owners', BUILD, '--executable-users', 'self']);
      expect(selfOnly.Images.map((i) => i.ImageId)).not.toContain(unshared!.imageId);
    } finally {
      unshared!.isPublic = false;
    }
  });

  it('lists the $Latest and $Default version of every launch template of the account and region, at most 200 a page', async () => {
    const templates = sim.world.fleet.launchTemplates.all(PROD_A, 'us-east-1');
    expect(templates.length).toBeGreaterThan(0);
    const current = await aws<{ LaunchTemplateVersions: { LaunchTemplateId: string; VersionNumber: number; DefaultVersion: boolean }[] }>(PROD_A, 'us-east-1', [
      'ec2',
      'describe-launch-template-versions',
      '--versions',
      '$Latest',
      '$Default',
      '--page-size',
      '200',
    ]);
    expect(new Set(current.LaunchTemplateVersions.map((v) => v.LaunchTemplateId))).toEqual(new Set(templates.map((t) => t.launchTemplateId)));
    expect(current.LaunchTemplateVersions.filter((v) => v.DefaultVersion)).toHaveLength(templates.length);

    const listed = await aws<{ LaunchTemplates: { LaunchTemplateId: string; LatestVersionNumber: number; DefaultVersionNumber: number }[] }>(PROD_A, 'us-east-1', [
      'ec2',
      'describe-launch-templates',
    ]);
    expect(listed.LaunchTemplates.map((t) => [t.LaunchTemplateId, t.LatestVersionNumber, t.DefaultVersionNumber]).sort()).toEqual(
      templates.map((t) => [t.launchTemplateId, Math.max(...t.versions.map((v) => v.versionNumber)), t.defaultVersion]).sort(),
    );
    expect(await awsError(PROD_A, 'us-east-1', ['ec2', 'describe-launch-template-versions', '--versions', '$Latest', '--max-results', '201', '--no-paginate'])).toMatch(
      /InvalidParameterValue.*between 1 and 200/,
    );
  });

  it('throttles only the account a fault names, and counts every call it answered', async () => {
    sim.calls.clear();
    sim.faults.inject({ kind: 'throttle', count: 1, account: PROD_B, action: 'DescribeAutoScalingGroups' });
    // The CLI retries the throttled call (standard retry mode): two calls for one answer.
    await aws(PROD_A, 'us-east-1', ['autoscaling', 'describe-auto-scaling-groups']);
    await aws(PROD_B, 'us-east-1', ['autoscaling', 'describe-auto-scaling-groups']);
    expect(sim.calls.list({ action: 'DescribeAutoScalingGroups' })).toEqual([
      { accountId: PROD_A, region: 'us-east-1', service: 'autoscaling', action: 'DescribeAutoScalingGroups', calls: 1, throttled: 0 },
      { accountId: PROD_B, region: 'us-east-1', service: 'autoscaling', action: 'DescribeAutoScalingGroups', calls: 2, throttled: 1 },
    ]);
    const overHttp = (await (await fetch(`${sim.url}/_sim/aws-calls?account=${PROD_B}`)).json()) as { total: number };
    expect(overHttp.total).toBe(2);
  });
});
