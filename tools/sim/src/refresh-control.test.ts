import {
  CancelInstanceRefreshCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
  type InstanceRefresh,
  type StartInstanceRefreshCommandInput,
} from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import {
  advanceUntil,
  autoScalingClient,
  latestRefresh as newestRefresh,
  otherSharedImage,
  PROD,
  rejection,
  useFrozenFleet,
} from './test-fixture.ts';

const t = useFrozenFleet();

const scenario = () => t.sim.world.scenario?.fleet;
const TERMINAL = ['Successful', 'Failed', 'Cancelled', 'RollbackSuccessful', 'RollbackFailed'];

const latestRefresh = (group: string): Promise<InstanceRefresh> => newestRefresh(t.client, group);

const until = (group: string, test: (refresh: InstanceRefresh) => boolean, probe?: () => Promise<void>) =>
  advanceUntil(t.sim, async () => test(await latestRefresh(group)), { stepMs: 10_000, maxMs: 7_200_000, probe });

const start = (input: Omit<StartInstanceRefreshCommandInput, 'AutoScalingGroupName'> & { AutoScalingGroupName: string }) => t.client.send(new StartInstanceRefreshCommand(input));

/** A new template version on another shared AMI of the group's worker type; returns it and the AMI the group runs now. */
function newVersion(group: string): { version: string; oldImage: string; newImage: string } {
  const { fleet } = t.sim.world;
  const record = fleet.requireGroup(group);
  const oldImage = fleet.instancesOf(group)[0]?.imageId ?? '';
  const newImage = otherSharedImage(t.sim, group);
  const created = fleet.createLaunchTemplateVersion(record.launchTemplate.launchTemplateId, { sourceVersion: '$Latest', imageId: newImage });
  return { version: String(created.versionNumber), oldImage, newImage };
}

const images = (group: string) => t.sim.world.fleet.instancesOf(group).map((instance) => instance.imageId);

describe('cancelling', () => {
  it('goes through Cancelling to Cancelled, keeps what was replaced and starts nothing more', async () => {
    const name = scenario()?.latestVersion ?? '';
    const { oldImage, newImage } = newVersion(name);
    await start({ AutoScalingGroupName: name, Preferences: { MinHealthyPercentage: 90, InstanceWarmup: 120 } });
    await until(name, (refresh) => (refresh.PercentageComplete ?? 0) > 0);
    await t.client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: name }));
    expect((await latestRefresh(name)).Status).toBe('Cancelling');
    await until(name, (refresh) => refresh.Status === 'Cancelled');
    const cancelled = await latestRefresh(name);
    expect(cancelled.EndTime).toBeInstanceOf(Date);
    const activities = t.sim.world.fleet.activitiesOf(name).length;
    t.sim.world.advance(1_800_000);
    expect(t.sim.world.fleet.activitiesOf(name)).toHaveLength(activities);
    expect(images(name).filter((image) => image === newImage)).toHaveLength(2);
    expect(images(name).filter((image) => image === oldImage)).toHaveLength(images(name).length - 2);
    const again = await rejection(t.client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: name })));
    expect(again.name).toBe('ActiveInstanceRefreshNotFoundFault');
    expect(again.Code).toBe('ActiveInstanceRefreshNotFound');
  });
});

describe('rolling back', () => {
  it('replaces what the refresh deployed with the configuration from before, and the percentage falls back to 0', async () => {
    const name = scenario()?.current[0] ?? '';
    const before = t.sim.world.fleet.requireGroup(name).launchTemplate.version;
    const { version, oldImage, newImage } = newVersion(name);
    await start({ AutoScalingGroupName: name, DesiredConfiguration: { LaunchTemplate: { LaunchTemplateName: `lt-${name}`, Version: version } }, Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 120 } });
    await until(name, (refresh) => (refresh.PercentageComplete ?? 0) >= 50);
    expect(images(name)).toContain(newImage);
    const rolledBack = await t.client.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: name }));
    const rolling = await latestRefresh(name);
    expect(rolling.InstanceRefreshId).toBe(rolledBack.InstanceRefreshId);
    expect(rolling).toMatchObject({ Status: 'RollbackInProgress', RollbackDetails: { PercentageCompleteOnRollback: 50, InstancesToUpdateOnRollback: 2 } });
    expect(rolling.RollbackDetails?.RollbackReason).toMatch(/user/);
    const percentages: number[] = [];
    await until(name, (refresh) => refresh.Status === 'RollbackSuccessful', async () => {
      percentages.push((await latestRefresh(name)).PercentageComplete ?? -1);
    });
    expect(percentages).toEqual([...percentages].sort((a, b) => b - a));
    expect(percentages.at(-1)).toBe(0);
    expect(images(name).every((image) => image === oldImage)).toBe(true);
    expect(t.sim.world.fleet.requireGroup(name).launchTemplate.version).toBe(before);
  });

  it('is refused for a group on $Latest, for a template taking its AMI from Systems Manager, and without a desired configuration', async () => {
    const cases = [
      { group: scenario()?.latestVersion ?? '', version: '$Latest' as string | undefined, reason: /\$Latest/ },
      { group: scenario()?.ssmImage ?? '', version: '1', reason: /Systems Manager/ },
      { group: Object.keys(scenario()?.behind ?? {})[0] ?? '', version: undefined, reason: /without a desired configuration/ },
    ];
    for (const { group, version, reason } of cases) {
      const DesiredConfiguration = version ? { LaunchTemplate: { LaunchTemplateName: `lt-${group}`, Version: version } } : undefined;
      await start({ AutoScalingGroupName: group, DesiredConfiguration });
      const error = await rejection(t.client.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: group })));
      expect(error.Code).toBe('IrreversibleInstanceRefresh');
      expect(error.message).toMatch(reason);
      expect(['Pending', 'InProgress']).toContain((await latestRefresh(group)).Status);
      await t.client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: group }));
    }
    await Promise.all(cases.map(({ group }) => until(group, (refresh) => refresh.Status === 'Cancelled')));
  });

  it('cannot be asked of a refresh on $Latest at start either, nor without a desired configuration', async () => {
    const latest = scenario()?.latestVersion ?? '';
    const onLatest = await rejection(start({ AutoScalingGroupName: latest, DesiredConfiguration: { LaunchTemplate: { LaunchTemplateName: `lt-${latest}`, Version: '$Latest' } }, Preferences: { AutoRollback: true } }));
    expect(onLatest.name).toBe('ValidationError');
    const bare = await rejection(start({ AutoScalingGroupName: latest, Preferences: { AutoRollback: true } }));
    expect(bare.message).toMatch(/AutoRollback parameter cannot be set to true when the DesiredConfiguration parameter is empty/);
  });
});

describe('one refresh at a time', () => {
  it('refuses a second start while one is active, and cancel or rollback when none is', async () => {
    const name = Object.keys(scenario()?.behind ?? {})[0] ?? '';
    await start({ AutoScalingGroupName: name });
    const second = await rejection(start({ AutoScalingGroupName: name }));
    expect(second.name).toBe('InstanceRefreshInProgressFault');
    expect(second.Code).toBe('InstanceRefreshInProgress');
    expect(second.$metadata?.httpStatusCode).toBe(400);
    await t.client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: name }));
    await until(name, (refresh) => TERMINAL.includes(refresh.Status ?? ''));
    expect((await rejection(t.client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: name })))).Code).toBe('ActiveInstanceRefreshNotFound');
    expect((await rejection(t.client.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: name })))).Code).toBe('ActiveInstanceRefreshNotFound');
  });

  it('counts a refresh started outside the portal, straight on the world', async () => {
    const name = scenario()?.current[1] ?? '';
    const outside = t.sim.world.fleet.startInstanceRefresh(name, { preferences: { minHealthyPercentage: 80 }, startedBy: 'terraform' });
    t.sim.world.advance(10_000);
    expect(await latestRefresh(name)).toMatchObject({ InstanceRefreshId: outside.instanceRefreshId, Status: 'InProgress', Preferences: { MinHealthyPercentage: 80 } });
    expect((await rejection(start({ AutoScalingGroupName: name }))).Code).toBe('InstanceRefreshInProgress');
    await until(name, (refresh) => refresh.Status === 'Successful');
  });
});

describe('failures', () => {
  it('fails when a replacement cannot launch, says why, and the group gets its capacity back', async () => {
    const name = scenario()?.olderInstances ?? '';
    const desired = t.sim.world.fleet.requireGroup(name).desiredCapacity;
    const { version } = newVersion(name);
    t.sim.world.fleet.failNextLaunch(name);
    await start({ AutoScalingGroupName: name, DesiredConfiguration: { LaunchTemplate: { LaunchTemplateName: `lt-${name}`, Version: version } }, Preferences: { MinHealthyPercentage: 50 } });
    await until(name, (refresh) => TERMINAL.includes(refresh.Status ?? ''));
    const failed = await latestRefresh(name);
    expect(failed.Status).toBe('Failed');
    expect(failed.StatusReason).toMatch(/sufficient capacity/);
    const [activity] = (await t.client.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name, Filters: [{ Name: 'Status', Values: ['Failed'] }] }))).Activities ?? [];
    expect(activity).toMatchObject({ StatusCode: 'Failed', Progress: 100 });
    expect(activity?.Description).toMatch(/^Launching a new EC2 instance\. {2}Status Reason: /);
    t.sim.world.advance(120_000);
    const group = (await t.client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
    expect(group?.Instances?.filter((instance) => instance.LifecycleState === 'InService')).toHaveLength(desired);
  });

  it('rolls back by itself when AutoRollback is on', async () => {
    const name = scenario()?.autoRolledBack ?? '';
    const { version, oldImage } = newVersion(name);
    const DesiredConfiguration = { LaunchTemplate: { LaunchTemplateName: `lt-${name}`, Version: version } };
    await start({ AutoScalingGroupName: name, DesiredConfiguration, Preferences: { MinHealthyPercentage: 90, InstanceWarmup: 60, AutoRollback: true } });
    await until(name, (refresh) => (refresh.PercentageComplete ?? 0) > 0);
    t.sim.world.fleet.failNextLaunch(name);
    const statuses = new Set<string>();
    await until(name, (refresh) => TERMINAL.includes(refresh.Status ?? ''), async () => {
      statuses.add((await latestRefresh(name)).Status ?? '');
    });
    const refresh = await latestRefresh(name);
    expect(statuses).toContain('RollbackInProgress');
    expect(refresh.Status).toBe('RollbackSuccessful');
    expect(refresh.RollbackDetails?.RollbackReason).toMatch(/failed/);
    t.sim.world.advance(120_000);
    expect(images(name).every((image) => image === oldImage)).toBe(true);
  });

  it('ends RollbackFailed when the rollback cannot launch either', async () => {
    const name = scenario()?.autoRolledBack ?? '';
    const { version } = newVersion(name);
    const DesiredConfiguration = { LaunchTemplate: { LaunchTemplateName: `lt-${name}`, Version: version } };
    await start({ AutoScalingGroupName: name, DesiredConfiguration, Preferences: { MinHealthyPercentage: 90, InstanceWarmup: 60, AutoRollback: true } });
    await until(name, (refresh) => (refresh.PercentageComplete ?? 0) > 0);
    t.sim.world.fleet.failNextLaunch(name, { count: 2 });
    await until(name, (refresh) => TERMINAL.includes(refresh.Status ?? ''));
    expect((await latestRefresh(name)).Status).toBe('RollbackFailed');
  });
});

describe('bad requests and a busy service', () => {
  it('answers ValidationError for an unknown group and preferences out of range', async () => {
    const name = scenario()?.current[0] ?? '';
    const bad: Omit<StartInstanceRefreshCommandInput, 'AutoScalingGroupName'>[] = [
      { Preferences: { MinHealthyPercentage: 101 } },
      { Preferences: { MaxHealthyPercentage: 150 } },
      { Preferences: { MinHealthyPercentage: 40, MaxHealthyPercentage: 150 } },
      { Preferences: { CheckpointDelay: 60 } },
      { Preferences: { CheckpointPercentages: [50, 20, 100] } },
      { Strategy: 'ReplaceRootVolume' },
      { DesiredConfiguration: { LaunchTemplate: { LaunchTemplateName: `lt-${name}`, Version: '99' } } },
    ];
    for (const input of bad) expect((await rejection(start({ AutoScalingGroupName: name, ...input }))).name).toBe('ValidationError');
    const unknown = await rejection(start({ AutoScalingGroupName: 'no-such-group' }));
    expect(unknown.message).toBe('AutoScalingGroup name not found - AutoScalingGroup no-such-group not found');
    expect(t.sim.world.fleet.activeRefresh(name)).toBeUndefined();
  });

  it('throttles and reports contention when told to', async () => {
    const once = autoScalingClient(t.sim, t.sim.credentialsFor(PROD), 1);
    const name = scenario()?.current[0] ?? '';
    t.sim.faults.inject({ kind: 'throttle', service: 'autoscaling', action: 'StartInstanceRefresh' });
    expect((await rejection(once.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: name })))).name).toBe('Throttling');
    t.sim.faults.inject({ kind: 'error', code: 'ResourceContention', service: 'autoscaling' });
    const contention = await rejection(once.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: name })));
    expect(contention.Code).toBe('ResourceContention');
    expect(contention.$metadata?.httpStatusCode).toBe(500);
    expect(t.sim.world.fleet.activeRefresh(name)).toBeUndefined();
  });
});
