import {
  DescribeAutoScalingGroupsCommand,
  paginateDescribeScalingActivities,
  StartInstanceRefreshCommand,
  type Activity,
  type InstanceRefresh,
  type RefreshPreferences,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateVersionCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  advanceUntil,
  ec2Client,
  latestRefresh as newestRefresh,
  otherSharedImage,
  PROD,
  useFrozenFleet,
} from './test-fixture.ts';

const t = useFrozenFleet();

const scenario = () => t.sim.world.scenario?.fleet;

const latestRefresh = (group: string): Promise<InstanceRefresh> => newestRefresh(t.client, group);

async function groupInstances(group: string) {
  const answer = await t.client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  return answer.AutoScalingGroups?.[0]?.Instances ?? [];
}

async function imagesOf(group: string): Promise<Map<string, string>> {
  const answer = await ec2Client(t.sim, t.sim.credentialsFor(PROD)).send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: [group] }, { Name: 'instance-state-name', Values: ['pending', 'running'] }] }),
  );
  const instances = answer.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? [];
  return new Map(instances.map((instance) => [instance.InstanceId ?? '', instance.ImageId ?? '']));
}

async function newVersion(group: string, imageId: string): Promise<string> {
  const { launchTemplate } = t.sim.world.fleet.requireGroup(group);
  const created = await ec2Client(t.sim, t.sim.credentialsFor(PROD)).send(
    new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: launchTemplate.launchTemplateId, SourceVersion: launchTemplate.version, LaunchTemplateData: { ImageId: imageId } }),
  );
  return String(created.LaunchTemplateVersion?.VersionNumber);
}

async function start(group: string, version: string | undefined, preferences: RefreshPreferences): Promise<string> {
  const DesiredConfiguration = version ? { LaunchTemplate: { LaunchTemplateName: `lt-${group}`, Version: version } } : undefined;
  const started = await t.client.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group, DesiredConfiguration, Preferences: preferences }));
  return started.InstanceRefreshId ?? '';
}

describe('an instance refresh with a new launch template version', () => {
  const name = () => Object.keys(scenario()?.behind ?? {})[0] ?? '';
  let before: Map<string, string>;
  let image: string;
  let version: string;
  const statuses: string[] = [];
  const percentages: number[] = [];
  const inService: number[] = [];
  let elapsed = 0;

  beforeAll(async () => {
    t.sim.world.fleet.setDesiredCapacity(name(), 6);
    t.sim.world.advance(120_000);
    before = await imagesOf(name());
    image = otherSharedImage(t.sim, name());
    version = await newVersion(name(), image);
    await start(name(), version, { MinHealthyPercentage: 50, InstanceWarmup: 300 });
    const observe = async () => {
      const refresh = await latestRefresh(name());
      statuses.push(refresh.Status ?? '');
      percentages.push(refresh.PercentageComplete ?? -1);
      const instances = await groupInstances(name());
      inService.push(instances.filter((instance) => instance.LifecycleState === 'InService' && instance.HealthStatus === 'Healthy').length);
    };
    await observe();
    elapsed = await advanceUntil(t.sim, async () => (await latestRefresh(name())).Status === 'Successful', { stepMs: 10_000, maxMs: 3_600_000, probe: observe });
  });

  it('goes from Pending through InProgress to Successful', () => {
    expect(statuses[0]).toBe('Pending');
    expect(statuses).toContain('InProgress');
    expect(statuses.at(-1)).toBe('Successful');
    expect(new Set(statuses)).toEqual(new Set(['Pending', 'InProgress', 'Successful']));
  });

  it('never has fewer healthy instances in service than MinHealthyPercentage of the desired capacity', () => {
    expect(Math.min(...inService)).toBe(3);
  });

  it('replaces the six instances in two batches of three, each warmed up before the next begins', () => {
    const terminations = t.sim.world.fleet.activitiesOf(name()).filter((activity) => [...before.keys()].some((id) => activity.description === `Terminating EC2 instance: ${id}`));
    const waves = new Map<number, number>();
    for (const activity of terminations) waves.set(activity.startTime.getTime(), (waves.get(activity.startTime.getTime()) ?? 0) + 1);
    expect([...waves.values()]).toEqual([3, 3]);
    const [first = 0, second = 0] = [...waves.keys()].sort();
    expect((second - first) / 1000).toBe(60 + 300);
    expect(percentages.filter((value) => value > 0 && value < 100)).toContain(50);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(elapsed).toBeGreaterThanOrEqual(720_000);
    expect(elapsed).toBeLessThan(760_000);
  });

  it('leaves every instance new, on the new AMI with a new loopback address, and the group on the new version', async () => {
    const after = await imagesOf(name());
    expect(after.size).toBe(6);
    expect([...after.keys()].some((id) => before.has(id))).toBe(false);
    expect([...after.values()].every((id) => id === image)).toBe(true);
    expect(t.sim.world.fleet.instancesOf(name()).every((instance) => instance.privateIpAddress.startsWith('127.'))).toBe(true);
    const group = (await t.client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name()] }))).AutoScalingGroups?.[0];
    expect(group?.LaunchTemplate?.Version).toBe(version);
    const refresh = await latestRefresh(name());
    expect(refresh).toMatchObject({ PercentageComplete: 100, InstancesToUpdate: 0, DesiredConfiguration: { LaunchTemplate: { Version: version } } });
    expect(refresh.Preferences).toMatchObject({ MinHealthyPercentage: 50, MaxHealthyPercentage: 100, InstanceWarmup: 300, SkipMatching: false, AutoRollback: false });
    expect(refresh.EndTime?.getTime()).toBeGreaterThan(refresh.StartTime?.getTime() ?? Infinity);
  });

  it('records a launch and a termination activity for every instance it replaced', async () => {
    const activities: Activity[] = [];
    for await (const page of paginateDescribeScalingActivities({ client: t.client, pageSize: 5 }, { AutoScalingGroupName: name() })) {
      expect(page.Activities?.length).toBeLessThanOrEqual(5);
      activities.push(...(page.Activities ?? []));
    }
    expect(new Set(activities.map((activity) => activity.ActivityId)).size).toBe(activities.length);
    const after = await imagesOf(name());
    for (const id of before.keys()) {
      const terminated = activities.find((activity) => activity.Description === `Terminating EC2 instance: ${id}`);
      expect(terminated).toMatchObject({ StatusCode: 'Successful', Progress: 100 });
      expect(terminated?.Cause).toMatch(/taken out of service in response to an instance refresh/);
    }
    for (const id of after.keys()) {
      const launched = activities.find((activity) => activity.Description === `Launching a new EC2 instance: ${id}`);
      expect(launched).toMatchObject({ StatusCode: 'Successful', Progress: 100, AutoScalingGroupName: name() });
      expect(launched?.Cause).toMatch(/in response to an instance refresh/);
      expect(((launched?.EndTime?.getTime() ?? 0) - (launched?.StartTime?.getTime() ?? 0)) / 1000).toBe(60 + 300);
      expect(JSON.parse(launched?.Details ?? '{}')).toHaveProperty('Availability Zone');
    }
  });
});

describe('an instance refresh with a checkpoint', () => {
  const name = () => scenario()?.current[1] ?? '';

  it('pauses at the checkpoint for CheckpointDelay, then goes on to the end', async () => {
    t.sim.world.fleet.setDesiredCapacity(name(), 4);
    t.sim.world.advance(120_000);
    const version = await newVersion(name(), otherSharedImage(t.sim, name()));
    await start(name(), version, { MinHealthyPercentage: 75, InstanceWarmup: 60, CheckpointPercentages: [50, 100], CheckpointDelay: 600 });
    await advanceUntil(t.sim, async () => /Checkpoint 50%/.test((await latestRefresh(name())).StatusReason ?? ''), { stepMs: 5_000, maxMs: 600_000 });
    const paused = await latestRefresh(name());
    expect(paused).toMatchObject({ Status: 'InProgress', PercentageComplete: 50, InstancesToUpdate: 2 });
    const launches = () => t.sim.world.fleet.activitiesOf(name()).filter((activity) => activity.description.startsWith('Launching')).length;
    const launchedAtPause = launches();
    t.sim.world.advance(590_000);
    expect(await latestRefresh(name())).toMatchObject({ Status: 'InProgress', PercentageComplete: 50 });
    expect(launches()).toBe(launchedAtPause);
    t.sim.world.advance(10_000);
    expect(launches()).toBeGreaterThan(launchedAtPause);
    await advanceUntil(t.sim, async () => (await latestRefresh(name())).Status === 'Successful', { stepMs: 10_000, maxMs: 900_000 });
    expect((await latestRefresh(name())).Preferences).toMatchObject({ CheckpointPercentages: [50, 100], CheckpointDelay: 600 });
  });
});

describe('an instance refresh with SkipMatching', () => {
  const name = () => scenario()?.olderInstances ?? '';

  it('replaces only the instances that do not match the launch template, and keeps the others', async () => {
    const before = await imagesOf(name());
    const group = t.sim.world.fleet.requireGroup(name());
    const template = t.sim.world.fleet.launchTemplates.find(PROD, { id: group.launchTemplate.launchTemplateId });
    const current = template && t.sim.world.fleet.launchTemplates.version(template, group.launchTemplate.version)?.data.imageId;
    const matching = [...before].filter(([, image]) => image === current).map(([id]) => id);
    const stale = before.size - matching.length;
    expect(stale).toBeGreaterThan(0);
    await start(name(), undefined, { SkipMatching: true, MinHealthyPercentage: 50, InstanceWarmup: 60 });
    t.sim.world.advance(5_000);
    expect(await latestRefresh(name())).toMatchObject({ Status: 'InProgress', InstancesToUpdate: stale, PercentageComplete: Math.floor((matching.length * 100) / before.size) });
    await advanceUntil(t.sim, async () => (await latestRefresh(name())).Status === 'Successful', { stepMs: 10_000, maxMs: 1_800_000 });
    const after = await imagesOf(name());
    expect([...after.values()].every((image) => image === current)).toBe(true);
    expect(matching.every((id) => after.has(id))).toBe(true);
    const refresh = await latestRefresh(name());
    const launches = t.sim.world.fleet
      .activitiesOf(name())
      .filter((activity) => activity.description.startsWith('Launching') && activity.startTime >= (refresh.StartTime ?? new Date(0)));
    expect(launches).toHaveLength(stale);
  });
});

describe('an instance refresh with MaxHealthyPercentage above 100', () => {
  const name = () => scenario()?.ssmImage ?? '';

  it('launches each replacement and lets it warm up before it terminates the instance it replaces', async () => {
    const desired = t.sim.world.fleet.requireGroup(name()).desiredCapacity;
    const counts: { inService: number; total: number }[] = [];
    await start(name(), undefined, { MinHealthyPercentage: 100, MaxHealthyPercentage: 150, InstanceWarmup: 120 });
    await advanceUntil(t.sim, async () => (await latestRefresh(name())).Status === 'Successful', {
      stepMs: 10_000,
      maxMs: 3_600_000,
      probe: async () => {
        const instances = await groupInstances(name());
        const inService = instances.filter((instance) => instance.LifecycleState === 'InService').length;
        counts.push({ inService, total: instances.filter((instance) => instance.LifecycleState !== 'Terminating').length });
      },
    });
    expect(Math.min(...counts.map((count) => count.inService))).toBe(desired);
    expect(Math.max(...counts.map((count) => count.total))).toBe(desired + 1);
    const terminations = t.sim.world.fleet.activitiesOf(name()).filter((candidate) => candidate.description.startsWith('Terminating') && candidate.cause.includes('instance refresh'));
    expect(terminations).toHaveLength(desired);
    for (const activity of terminations) {
      const replacement = t.sim.world.fleet.activitiesOf(name()).find((candidate) => candidate.description.startsWith('Launching') && candidate.endTime?.getTime() === activity.startTime.getTime());
      expect(replacement?.statusCode).toBe('Successful');
    }
  });
});
