import { describe, expect, it } from 'vitest';
import { awsCli, awsCliAvailable, awsCliError } from './aws-cli-client.ts';
import { PROD, useFrozenFleet } from './test-fixture.ts';

/*
 * SetInstanceHealth and TerminateInstanceInAutoScalingGroup as the AWS CLI v2 sends them and reads
 * their answers, with Auto Scaling's refusals word for word.
 */
const available = awsCliAvailable('SetInstanceHealth and TerminateInstanceInAutoScalingGroup');
const fleet = useFrozenFleet();

interface Activity {
  ActivityId: string;
  AutoScalingGroupName: string;
  Description: string;
  Cause: string;
  StatusCode: string;
}

const aws = <T>(args: string[]) => awsCli<T>(fleet.sim.url, fleet.sim.credentialsFor(PROD), 'us-east-1', args);
const refusal = (args: string[]) => awsCliError(fleet.sim.url, fleet.sim.credentialsFor(PROD), 'us-east-1', args);
const NOWHERE = 'i-0123456789abcdef0';

/** A group of the demo fleet with at least two instances in service, and one of them. */
function groupWithSpare(skip: readonly string[] = []) {
  const group = fleet.sim.world.fleet.groups().find((g) => !skip.includes(g.name) && fleet.sim.world.fleet.instancesOf(g.name).filter((i) => i.lifecycleState === 'InService').length >= 2)!;
  const instance = fleet.sim.world.fleet.instancesOf(group.name).find((i) => i.lifecycleState === 'InService')!;
  return { group, instance };
}

async function healthOf(instanceId: string): Promise<{ LifecycleState: string; HealthStatus: string } | undefined> {
  const answer = await aws<{ AutoScalingInstances: { InstanceId: string; LifecycleState: string; HealthStatus: string }[] }>(['autoscaling', 'describe-auto-scaling-instances', '--instance-ids', instanceId]);
  return answer.AutoScalingInstances[0];
}

describe.skipIf(!available)('instance actions as the AWS CLI sees them', () => {
  it('marks an instance Unhealthy, and Auto Scaling replaces it a health check later', async () => {
    const { group, instance } = groupWithSpare();
    const members = () => fleet.sim.world.fleet.instancesOf(group.name).filter((i) => i.lifecycleState === 'InService' || i.lifecycleState === 'Pending');
    const before = members().length;
    expect(await aws(['autoscaling', 'set-instance-health', '--instance-id', instance.instanceId, '--health-status', 'Unhealthy', '--no-should-respect-grace-period'])).toBeNull();
    expect(await healthOf(instance.instanceId)).toMatchObject({ LifecycleState: 'InService', HealthStatus: 'UNHEALTHY' });
    fleet.sim.world.advance(31_000);
    expect(await healthOf(instance.instanceId)).toMatchObject({ LifecycleState: 'Terminating' });
    expect(members()).toHaveLength(before);
    const activities = await aws<{ Activities: Activity[] }>(['autoscaling', 'describe-scaling-activities', '--auto-scaling-group-name', group.name, '--max-items', '5']);
    expect(activities.Activities.map((a) => a.Cause)).toContainEqual(expect.stringMatching(/an instance was taken out of service in response to a user health-check\.$/));
    expect(activities.Activities.map((a) => a.Description)).toContainEqual(expect.stringMatching(/^Launching a new EC2 instance: i-/));
  });

  it('ignores Unhealthy within the group’s grace period unless told not to respect it', async () => {
    const { group, instance } = groupWithSpare();
    await aws(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', instance.instanceId, '--no-should-decrement-desired-capacity']);
    fleet.sim.world.advance(61_000);
    const fresh = fleet.sim.world.fleet.instancesOf(group.name).find((i) => i.lifecycleState === 'InService' && i.runningSince && fleet.sim.world.clock().getTime() - i.runningSince.getTime() < 60_000)!;
    expect(fresh).toBeDefined();
    await aws(['autoscaling', 'set-instance-health', '--instance-id', fresh.instanceId, '--health-status', 'Unhealthy']);
    expect(await healthOf(fresh.instanceId)).toMatchObject({ HealthStatus: 'HEALTHY' });
    await aws(['autoscaling', 'set-instance-health', '--instance-id', fresh.instanceId, '--health-status', 'Unhealthy', '--no-should-respect-grace-period']);
    expect(await healthOf(fresh.instanceId)).toMatchObject({ HealthStatus: 'UNHEALTHY' });
    await aws(['autoscaling', 'set-instance-health', '--instance-id', fresh.instanceId, '--health-status', 'Healthy']);
    expect(await healthOf(fresh.instanceId)).toMatchObject({ HealthStatus: 'HEALTHY' });
  });

  it('terminates without decrementing: the desired capacity stays and a replacement launches at once', async () => {
    const { group, instance } = groupWithSpare();
    const desired = group.desiredCapacity;
    const { Activity } = await aws<{ Activity: Activity }>(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', instance.instanceId, '--no-should-decrement-desired-capacity']);
    expect(Activity).toMatchObject({ AutoScalingGroupName: group.name, Description: `Terminating EC2 instance: ${instance.instanceId}`, StatusCode: 'InProgress' });
    expect(Activity.Cause).toMatch(new RegExp(`^At \\S+Z instance ${instance.instanceId} was taken out of service in response to a user request\\.$`));
    expect(group.desiredCapacity).toBe(desired);
    expect(fleet.sim.world.fleet.instancesOf(group.name).filter((i) => i.lifecycleState === 'Pending')).not.toHaveLength(0);
    // Asked again while it terminates, the answer is the same termination.
    const again = await aws<{ Activity: Activity }>(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', instance.instanceId, '--should-decrement-desired-capacity']);
    expect(again.Activity.ActivityId).toBe(Activity.ActivityId);
    expect(group.desiredCapacity).toBe(desired);
  });

  it('terminates with decrementing: the group shrinks by one and launches nothing', async () => {
    const { group, instance } = groupWithSpare();
    group.minSize = 0;
    const desired = group.desiredCapacity;
    const pending = fleet.sim.world.fleet.instancesOf(group.name).filter((i) => i.lifecycleState === 'Pending').length;
    const { Activity } = await aws<{ Activity: Activity }>(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', instance.instanceId, '--should-decrement-desired-capacity']);
    expect(Activity.Cause).toMatch(new RegExp(`in response to a user request, shrinking the capacity from ${desired} to ${desired - 1}\\.$`));
    expect(group.desiredCapacity).toBe(desired - 1);
    expect(fleet.sim.world.fleet.instancesOf(group.name).filter((i) => i.lifecycleState === 'Pending')).toHaveLength(pending);
  });

  it('refuses to decrement a group at its minimum size, and changes nothing', async () => {
    const { group, instance } = groupWithSpare();
    group.minSize = group.desiredCapacity;
    const error = await refusal(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', instance.instanceId, '--should-decrement-desired-capacity']);
    expect(error).toContain(
      `An error occurred (ValidationError) when calling the TerminateInstanceInAutoScalingGroup operation: Currently, desiredSize equals minSize (${group.minSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
    );
    expect(instance.lifecycleState).toBe('InService');
  });

  it('knows no instance outside the caller’s groups, for either call', async () => {
    const notFound = `Instance Id not found - No managed instance found for instance ID: ${NOWHERE}`;
    expect(await refusal(['autoscaling', 'set-instance-health', '--instance-id', NOWHERE, '--health-status', 'Unhealthy'])).toContain(
      `An error occurred (ValidationError) when calling the SetInstanceHealth operation: ${notFound}`,
    );
    expect(await refusal(['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', NOWHERE, '--no-should-decrement-desired-capacity'])).toContain(
      `An error occurred (ValidationError) when calling the TerminateInstanceInAutoScalingGroup operation: ${notFound}`,
    );
    const { instance } = groupWithSpare();
    const other = await awsCliError(fleet.sim.url, fleet.sim.credentialsFor('310000000001'), 'us-east-1', ['autoscaling', 'set-instance-health', '--instance-id', instance.instanceId, '--health-status', 'Unhealthy']);
    expect(other).toContain(`No managed instance found for instance ID: ${instance.instanceId}`);
    expect(await refusal(['autoscaling', 'set-instance-health', '--instance-id', instance.instanceId, '--health-status', 'Sick'])).toContain('(ValidationError)');
  });
});
