import { DescribeAvailabilityZonesCommand, DescribeInstanceStatusCommand, paginateDescribeInstanceStatus, type InstanceStatus } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { nodeScenario, rejection, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();

const scenario = () => nodeScenario(fleet.sim);
const running = () => fleet.sim.world.fleet.instances.all().filter((instance) => instance.state === 'running');
const statusOf = async (instanceId: string | undefined, IncludeAllInstances = false): Promise<InstanceStatus | undefined> =>
  (await fleet.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [instanceId ?? ''], IncludeAllInstances }))).InstanceStatuses?.[0];

describe('DescribeInstanceStatus', () => {
  it('pages through the running instances, at most MaxResults at a time', async () => {
    const pages: string[][] = [];
    for await (const page of paginateDescribeInstanceStatus({ client: fleet.ec2, pageSize: 5 }, {})) {
      pages.push(page.InstanceStatuses?.map((status) => status.InstanceId ?? '') ?? []);
    }
    expect(pages.length).toBe(Math.ceil(running().length / 5));
    expect(pages.flat().sort()).toEqual(running().map((instance) => instance.instanceId).sort());
  });

  it('reports a healthy instance with both checks passed and its zone id', async () => {
    const [healthy] = running().filter((instance) => !Object.values(scenario()).includes(instance.instanceId));
    const status = await statusOf(healthy?.instanceId);
    expect(status?.InstanceState).toEqual({ Code: 16, Name: 'running' });
    expect(status?.AvailabilityZone).toBe(healthy?.availabilityZone);
    expect(status?.AvailabilityZoneId).toMatch(/^use1-az[1-6]$/);
    expect(status?.SystemStatus).toEqual({ Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] });
    expect(status?.InstanceStatus).toEqual({ Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] });
    expect(status?.Events).toBeUndefined();
  });

  it('reports the impaired instance: reachability failed since when it started failing', async () => {
    const id = scenario().instanceImpaired;
    const status = await statusOf(id);
    expect(status?.SystemStatus?.Status).toBe('ok');
    expect(status?.InstanceStatus?.Status).toBe('impaired');
    expect(status?.InstanceStatus?.Details?.[0]).toMatchObject({ Name: 'reachability', Status: 'failed' });
    expect(status?.InstanceStatus?.Details?.[0]?.ImpairedSince?.getTime()).toBe(fleet.sim.world.nodes.require(id ?? '').statusChecks.impairedSince?.getTime());
  });

  it('lists scheduled events with their code, description and window', async () => {
    const retirement = await statusOf(scenario().scheduledRetirement);
    expect(retirement?.Events).toEqual([
      { InstanceEventId: expect.stringMatching(/^instance-event-0[0-9a-f]{16}$/), Code: 'instance-retirement', Description: 'The instance is running on degraded hardware', NotBefore: expect.any(Date) },
    ]);
    const reboot = (await statusOf(scenario().scheduledReboot))?.Events?.[0];
    expect(reboot?.Code).toBe('system-reboot');
    expect((reboot?.NotAfter?.getTime() ?? 0) - (reboot?.NotBefore?.getTime() ?? 0)).toBe(2 * 3_600_000);
  });

  it('filters by check status, event code and zone', async () => {
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await fleet.ec2.send(new DescribeInstanceStatusCommand({ Filters }))).InstanceStatuses?.map((status) => status.InstanceId).sort();
    expect(await ids([{ Name: 'instance-status.status', Values: ['impaired'] }])).toEqual([scenario().instanceImpaired]);
    expect(await ids([{ Name: 'event.code', Values: ['instance-retirement', 'system-reboot'] }])).toEqual([scenario().scheduledRetirement, scenario().scheduledReboot].sort());
    const zone = running()[0]?.availabilityZone ?? '';
    expect(await ids([{ Name: 'availability-zone', Values: [zone] }, { Name: 'system-status.status', Values: ['ok'] }])).toEqual(
      running().filter((instance) => instance.availabilityZone === zone).map((instance) => instance.instanceId).sort(),
    );
  });

  it('refuses what EC2 refuses: MaxResults with ids or out of 5..1000, unknown and malformed ids, tag filters', async () => {
    const id = running()[0]?.instanceId ?? '';
    expect((await rejection(fleet.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], MaxResults: 5 })))).name).toBe('InvalidParameterCombination');
    expect((await rejection(fleet.ec2.send(new DescribeInstanceStatusCommand({ MaxResults: 4 })))).name).toBe('InvalidParameterValue');
    expect((await rejection(fleet.ec2.send(new DescribeInstanceStatusCommand({ MaxResults: 1001 })))).name).toBe('InvalidParameterValue');
    expect((await rejection(fleet.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ['i-0123456789abcdef0'] })))).name).toBe('InvalidInstanceID.NotFound');
    expect((await rejection(fleet.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ['i-nope'] })))).name).toBe('InvalidInstanceID.Malformed');
    const tagFilter = new DescribeInstanceStatusCommand({ Filters: [{ Name: 'tag:Name', Values: ['x'] }] });
    expect((await rejection(fleet.ec2.send(tagFilter))).name).toBe('InvalidParameterValue');
  });

  it('shows a new instance only with IncludeAllInstances while pending, then initializing, then ok', async () => {
    const group = fleet.sim.world.scenario?.fleet.current[0] ?? '';
    const before = new Set(fleet.sim.world.fleet.instancesOf(group).map((instance) => instance.instanceId));
    fleet.sim.world.fleet.setDesiredCapacity(group, fleet.sim.world.fleet.requireGroup(group).desiredCapacity + 1);
    const fresh = fleet.sim.world.fleet.instancesOf(group).find((instance) => !before.has(instance.instanceId))?.instanceId;
    expect((await fleet.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [fresh ?? ''] }))).InstanceStatuses).toEqual([]);
    expect(await statusOf(fresh, true)).toMatchObject({ InstanceState: { Name: 'pending' }, InstanceStatus: { Status: 'not-applicable' }, SystemStatus: { Status: 'not-applicable' } });
    fleet.sim.world.advance(60_000);
    expect((await statusOf(fresh))?.InstanceStatus).toEqual({ Status: 'initializing', Details: [{ Name: 'reachability', Status: 'initializing' }] });
    fleet.sim.world.advance(240_000);
    expect((await statusOf(fresh))?.InstanceStatus?.Status).toBe('ok');
  });
});

describe('DescribeAvailabilityZones', () => {
  it('lists the region’s zones, available, with their zone ids, and narrows by name', async () => {
    const all = (await fleet.ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? [];
    expect(all.map((zone) => [zone.ZoneName, zone.ZoneId, zone.State])).toContainEqual(['us-east-1a', 'use1-az1', 'available']);
    const used = new Set(fleet.sim.world.fleet.groups().flatMap((group) => group.availabilityZones));
    expect([...used].every((name) => all.some((zone) => zone.ZoneName === name))).toBe(true);
    const one = await fleet.ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1c'] }));
    expect(one.AvailabilityZones).toMatchObject([{ ZoneName: 'us-east-1c', ZoneId: 'use1-az3', RegionName: 'us-east-1', ZoneType: 'availability-zone', OptInStatus: 'opt-in-not-required' }]);
    expect((await rejection(fleet.ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1z'] })))).name).toBe('InvalidParameterValue');
  });
});
