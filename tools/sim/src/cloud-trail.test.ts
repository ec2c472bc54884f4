import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsCredentials } from './index.ts';
import { autoScalingClient, BUILD, ec2Client, frozenWorld, PROD, startTestSimulator, type TestSimulator } from './test-fixture.ts';

/** Debian's AWS CLI v2 (awscli 2.9): an independent client, its own botocore, signing and paging. */
const AWS_CLI = '/usr/bin/aws';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface LookedUpEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId: string;
  EventTime: string;
  EventSource: string;
  Username: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

let sim: TestSimulator;

async function aws(credentials: AwsCredentials, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS_CLI, [...args, '--endpoint-url', sim.url, '--region', 'us-east-1', '--output', 'json'], {
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        // LookupEvents allows two calls a second; the CLI's paging can outrun that, and its three
        // attempts with jitter (which may be near zero) sometimes all fall within the same second.
        AWS_MAX_ATTEMPTS: '8',
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function lookup(credentials: AwsCredentials, args: string[]): Promise<LookedUpEvent[]> {
  const result = await aws(credentials, ['cloudtrail', 'lookup-events', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { Events: LookedUpEvent[] }).Events;
}

describe.skipIf(!existsSync(AWS_CLI))('CloudTrail LookupEvents, as the AWS CLI v2 sees it', () => {
  let group: string;
  let image: string;

  beforeAll(async () => {
    sim = await startTestSimulator(frozenWorld());
    group = sim.world.fleet.groups().find((g) => g.ownerId === PROD)!.name;
    image = sim.world.images.all().find((i) => i.ownerId === BUILD && i.state === 'available')!.imageId;
    // Outside the portal: dana resizes a group with the CLI and re-tags an AMI.
    const dana = sim.consoleCredentialsFor(PROD);
    const desired = sim.world.fleet.group(group)!.desiredCapacity;
    const resized = await aws(dana, ['autoscaling', 'update-auto-scaling-group', '--auto-scaling-group-name', group, '--desired-capacity', String(desired)]);
    expect(resized.code, resized.stderr).toBe(0);
    for (let i = 0; i < 5; i++) await ec2Client(sim, sim.consoleCredentialsFor(BUILD)).send(new CreateTagsCommand({ Resources: [image], Tags: [{ Key: 'infra_commit', Value: `retag-${i}` }] }));
    // Through the portal's own key: a refresh.
    await autoScalingClient(sim, sim.credentialsFor(PROD)).send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group, Preferences: { MinHealthyPercentage: 90 } }));
  }, 120_000);
  afterAll(() => sim.dispose());

  it('lists a change made outside the portal with who made it, on which resource, and the full record', async () => {
    const [event, ...rest] = await lookup(sim.credentialsFor(PROD), ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=UpdateAutoScalingGroup']);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      EventName: 'UpdateAutoScalingGroup',
      EventSource: 'autoscaling.amazonaws.com',
      ReadOnly: 'false',
      Username: 'dana',
      AccessKeyId: `AKIA${PROD}DANA`,
      Resources: [{ ResourceType: 'AWS::AutoScaling::AutoScalingGroup', ResourceName: group }],
    });
    expect(new Date(event!.EventTime).getTime()).toBe(sim.world.clock().getTime() - (sim.world.clock().getTime() % 1000));
    const record = JSON.parse(event!.CloudTrailEvent) as Record<string, unknown>;
    expect(record).toMatchObject({
      eventName: 'UpdateAutoScalingGroup',
      eventType: 'AwsApiCall',
      recipientAccountId: PROD,
      awsRegion: 'us-east-1',
      userIdentity: { type: 'IAMUser', userName: 'dana', arn: `arn:aws:iam::${PROD}:user/dana`, accountId: PROD },
      requestParameters: { autoScalingGroupName: group },
    });
  });

  it('keeps each account’s trail to itself: the build account’s re-tags are not in production’s', async () => {
    expect(await lookup(sim.credentialsFor(PROD), ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateTags'])).toEqual([]);
    const retags = await lookup(sim.credentialsFor(BUILD), ['--lookup-attributes', `AttributeKey=ResourceName,AttributeValue=${image}`]);
    expect(retags.map((e) => e.EventName)).toEqual(['CreateTags', 'CreateTags', 'CreateTags', 'CreateTags', 'CreateTags']);
    expect(JSON.parse(retags[0]!.CloudTrailEvent)).toMatchObject({ requestParameters: { resourcesSet: { items: [{ resourceId: image }] }, tagSet: { items: [{ key: 'infra_commit', value: 'retag-4' }] } } });
  });

  it('records the portal’s own calls under its identity, with the refresh id AWS answered', async () => {
    const [start] = await lookup(sim.credentialsFor(PROD), ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=StartInstanceRefresh']);
    expect(start).toMatchObject({ Username: 'fleet-portal', AccessKeyId: `AKIA${PROD}DEMO` });
    const record = JSON.parse(start!.CloudTrailEvent) as { responseElements: { instanceRefreshId: string }; requestParameters: unknown };
    expect(record.responseElements.instanceRefreshId).toBe(sim.world.fleet.activeRefresh(group)?.instanceRefreshId);
    expect(record.requestParameters).toEqual({ autoScalingGroupName: group, preferences: { minHealthyPercentage: 90 } });
  });

  it('records the node actions, SetInstanceHealth and TerminateInstanceInAutoScalingGroup, with the instance, its group and the activity AWS answered', async () => {
    const dana = sim.consoleCredentialsFor(PROD);
    const other = sim.world.fleet.groups().find((g) => g.ownerId === PROD && g.name !== group && sim.world.fleet.instancesOf(g.name).filter((i) => i.lifecycleState === 'InService').length >= 2)!;
    const [sick, doomed] = sim.world.fleet.instancesOf(other.name).filter((i) => i.lifecycleState === 'InService').map((i) => i.instanceId) as [string, string];
    const health = await aws(dana, ['autoscaling', 'set-instance-health', '--instance-id', sick, '--health-status', 'Unhealthy', '--no-should-respect-grace-period']);
    expect(health.code, health.stderr).toBe(0);
    const terminated = await aws(dana, ['autoscaling', 'terminate-instance-in-auto-scaling-group', '--instance-id', doomed, '--no-should-decrement-desired-capacity']);
    expect(terminated.code, terminated.stderr).toBe(0);
    const { Activity } = JSON.parse(terminated.stdout) as { Activity: { ActivityId: string; Cause: string } };

    const [set, ...moreSets] = await lookup(dana, ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=SetInstanceHealth']);
    expect(moreSets).toEqual([]);
    expect(set).toMatchObject({ EventSource: 'autoscaling.amazonaws.com', ReadOnly: 'false', Username: 'dana', AccessKeyId: `AKIA${PROD}DANA`, Resources: [{ ResourceType: 'AWS::EC2::Instance', ResourceName: sick }] });
    expect(JSON.parse(set!.CloudTrailEvent)).toMatchObject({
      eventName: 'SetInstanceHealth',
      userIdentity: { type: 'IAMUser', userName: 'dana' },
      requestParameters: { instanceId: sick, healthStatus: 'Unhealthy', shouldRespectGracePeriod: false },
      responseElements: null,
    });

    const [terminate, ...moreTerminations] = await lookup(dana, ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=TerminateInstanceInAutoScalingGroup']);
    expect(moreTerminations).toEqual([]);
    expect(terminate).toMatchObject({
      Username: 'dana',
      Resources: [
        { ResourceType: 'AWS::EC2::Instance', ResourceName: doomed },
        { ResourceType: 'AWS::AutoScaling::AutoScalingGroup', ResourceName: other.name },
      ],
    });
    expect(JSON.parse(terminate!.CloudTrailEvent)).toMatchObject({
      userIdentity: { type: 'IAMUser', userName: 'dana' },
      requestParameters: { instanceId: doomed, shouldDecrementDesiredCapacity: false },
      responseElements: { activity: { activityId: Activity.ActivityId, autoScalingGroupName: other.name, cause: Activity.Cause, statusCode: 'InProgress' } },
    });
    // Found by the group's name too, as an SRE asks "what happened to this group".
    const onGroup = await lookup(dana, ['--lookup-attributes', `AttributeKey=ResourceName,AttributeValue=${other.name}`]);
    expect(onGroup.map((e) => e.EventName)).toContain('TerminateInstanceInAutoScalingGroup');
  });

  it('pages with NextToken, newest first, two events a page, as the CLI follows it', async () => {
    const paged = await lookup(sim.credentialsFor(BUILD), ['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateTags', '--page-size', '2']);
    expect(paged.map((e) => JSON.parse(e.CloudTrailEvent).requestParameters.tagSet.items[0].value)).toEqual(['retag-4', 'retag-3', 'retag-2', 'retag-1', 'retag-0']);
    const first = await aws(sim.credentialsFor(BUILD), ['cloudtrail', 'lookup-events', '--max-items', '2', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateTags']);
    expect((JSON.parse(first.stdout) as { NextToken?: string }).NextToken).toBeTruthy();
  });

  it('answers AWS’s errors for what LookupEvents refuses', async () => {
    const prod = sim.credentialsFor(PROD);
    const two = await aws(prod, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateTags', 'AttributeKey=Username,AttributeValue=dana']);
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('(InvalidLookupAttributesException)');
    const backwards = await aws(prod, ['cloudtrail', 'lookup-events', '--start-time', '2025-03-14T10:00:00Z', '--end-time', '2025-03-13T10:00:00Z']);
    expect(backwards.stderr).toContain('(InvalidTimeRangeException)');
    const stranger = await aws({ accessKeyId: 'AKIA000000000000DEMO', secretAccessKey: 'x' }, ['cloudtrail', 'lookup-events']);
    expect(stranger.stderr).toContain('(UnrecognizedClientException)');
  });
});
