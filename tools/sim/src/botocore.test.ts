import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, frozenWorld, PROD, startTestSimulator, type TestSimulator } from './test-fixture.ts';

/** A second, independent client: botocore, which the AWS CLI is made of, signs and parses here. */
const script = `
import json, sys, urllib.request, urllib.error
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

url, key, secret = sys.argv[1:4]
session = botocore.session.get_session()
ec2 = session.create_client('ec2', region_name='us-east-1', endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret)
pages = list(ec2.get_paginator('describe_images').paginate(Owners=['self'], PaginationConfig={'PageSize': 30}))
try:
    ec2.describe_images(ImageIds=['ami-0123456789abcdef0'])
    error = None
except ClientError as e:
    error = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
sts = session.create_client('sts', region_name='us-east-1', endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret)
request = AWSRequest(method='POST', url=url + '/', data='Action=DescribeUnicorns&Version=2016-11-15',
                     headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
SigV4Auth(Credentials(key, secret), 'ec2', 'us-east-1').add_auth(request)
prepared = request.prepare()
try:
    with urllib.request.urlopen(urllib.request.Request(url + '/', data=prepared.body.encode(), headers=dict(prepared.headers), method='POST')) as answer:
        unknown = [answer.status, answer.read().decode()]
except urllib.error.HTTPError as e:
    unknown = [e.code, e.read().decode()]
print(json.dumps({
    'pages': [len(page['Images']) for page in pages],
    'first': pages[0]['Images'][0],
    'error': error,
    'account': sts.get_caller_identity()['Account'],
    'unknown': unknown,
}))
`;

/** The same for AutoScaling, with the production account's keys: member lists, timestamps, modeled errors. */
const autoScalingScript = `
import json, sys
import botocore.session
from botocore.exceptions import ClientError

url, key, secret, group = sys.argv[1:5]
autoscaling = botocore.session.get_session().create_client('autoscaling', region_name='us-east-1', endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret)
pages = list(autoscaling.get_paginator('describe_auto_scaling_groups').paginate(PaginationConfig={'PageSize': 3}))
refreshes = autoscaling.describe_instance_refreshes(AutoScalingGroupName=group)['InstanceRefreshes']
try:
    autoscaling.cancel_instance_refresh(AutoScalingGroupName=group)
    error = None
except ClientError as e:
    error = [e.response['Error']['Code'], e.response['Error']['Type'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({
    'pages': [[g['AutoScalingGroupName'] for g in page['AutoScalingGroups']] for page in pages],
    'instances': sum(len(g['Instances']) for page in pages for g in page['AutoScalingGroups']),
    'refresh': {k: refreshes[0][k] for k in ('Status', 'PercentageComplete', 'InstancesToUpdate')},
    'checkpoints': refreshes[0]['Preferences'].get('CheckpointPercentages'),
    'started': refreshes[0]['StartTime'].isoformat(),
    'error': error,
}))
`;

/** Node health as botocore reads it with the production account's keys: status checks, events, zones. */
const instanceStatusScript = `
import json, sys
import botocore.session

url, key, secret, impaired, retiring = sys.argv[1:6]
ec2 = botocore.session.get_session().create_client('ec2', region_name='us-east-1', endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret)
pages = list(ec2.get_paginator('describe_instance_status').paginate(IncludeAllInstances=True, PaginationConfig={'PageSize': 5}))
chosen = ec2.describe_instance_status(InstanceIds=[impaired, retiring])['InstanceStatuses']
zones = ec2.describe_availability_zones()['AvailabilityZones']
print(json.dumps({
    'pages': [len(page['InstanceStatuses']) for page in pages],
    'chosen': chosen,
    'zones': [[z['ZoneName'], z['ZoneId'], z['State']] for z in zones],
}, default=str))
`;

interface BotocoreInstanceStatusView {
  pages: number[];
  chosen: {
    InstanceId: string;
    AvailabilityZone: string;
    InstanceState: { Code: number; Name: string };
    InstanceStatus: { Status: string; Details: { Name: string; Status: string; ImpairedSince?: string }[] };
    SystemStatus: { Status: string };
    Events?: { Code: string; Description: string; NotBefore: string; InstanceEventId: string }[];
  }[];
  zones: [string, string, string][];
}

interface BotocoreAutoScalingView {
  pages: string[][];
  instances: number;
  refresh: { Status: string; PercentageComplete: number; InstancesToUpdate: number };
  checkpoints: number[];
  started: string;
  error: [string, string, number];
}

const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

interface BotocoreView {
  pages: number[];
  first: { ImageId: string; Tags: { Key: string; Value: string }[]; BlockDeviceMappings: { Ebs: { VolumeSize: number } }[]; CreationDate: string };
  error: [string, number];
  account: string;
  unknown: [number, string];
}

let sim: TestSimulator;
let view: BotocoreView;
let autoScalingView: BotocoreAutoScalingView;
let instanceStatusView: BotocoreInstanceStatusView;

beforeAll(async () => {
  sim = await startTestSimulator(frozenWorld());
  if (!hasBotocore) return;
  const { accessKeyId, secretAccessKey } = sim.credentialsFor(BUILD);
  // Asynchronously: the simulator answers botocore from this very event loop.
  const { stdout } = await promisify(execFile)('python3', ['-c', script, sim.url, accessKeyId, secretAccessKey], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  view = JSON.parse(stdout) as BotocoreView;
  const prod = sim.credentialsFor(PROD);
  const group = sim.world.scenario?.fleet.olderInstances ?? '';
  const answer = await promisify(execFile)('python3', ['-c', autoScalingScript, sim.url, prod.accessKeyId, prod.secretAccessKey, group], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  autoScalingView = JSON.parse(answer.stdout) as BotocoreAutoScalingView;
  const nodes = sim.world.scenario?.nodes;
  const statuses = await promisify(execFile)('python3', ['-c', instanceStatusScript, sim.url, prod.accessKeyId, prod.secretAccessKey, nodes?.instanceImpaired ?? '', nodes?.scheduledRetirement ?? ''], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  instanceStatusView = JSON.parse(statuses.stdout) as BotocoreInstanceStatusView;
});
afterAll(() => sim.dispose());

describe.skipIf(!hasBotocore)('botocore', () => {
  it('signs requests the simulator accepts and pages through DescribeImages', () => {
    const live = sim.world.images.all().filter((image) => image.state !== 'deregistered').length;
    expect(view.pages.reduce((sum, size) => sum + size, 0)).toBe(live);
    expect(view.pages[0]).toBe(30);
    expect(view.account).toBe(BUILD);
  });

  it('parses an image with its tags and typed members', () => {
    const image = sim.world.images.get(view.first.ImageId);
    expect(view.first.CreationDate).toBe(image?.creationDate.toISOString());
    expect(Object.fromEntries(view.first.Tags.map((tag) => [tag.Key, tag.Value]))).toEqual(sim.world.tagsOf(view.first.ImageId));
    expect(view.first.BlockDeviceMappings[0]?.Ebs.VolumeSize).toBe(image?.blockDevices[0]?.volumeSize);
  });

  it('reads the error code and status of an EC2 error', () => {
    expect(view.error).toEqual(['InvalidAMIID.NotFound', 400]);
  });

  it('gets InvalidAction in the EC2 error document for an action EC2 does not have', () => {
    const [status, body] = view.unknown;
    expect(status).toBe(400);
    const document = new XMLParser().parse(body) as { Response?: { Errors?: { Error?: { Code?: string } }; RequestID?: string } };
    expect(document.Response?.Errors?.Error?.Code).toBe('InvalidAction');
    expect(document.Response?.RequestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('pages through Auto Scaling groups and reads a refresh with its preferences', () => {
    const { fleet } = sim.world;
    expect(autoScalingView.pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(autoScalingView.pages.flat().sort()).toEqual(fleet.groups().map((group) => group.name).sort());
    expect(autoScalingView.instances).toBe(fleet.groups().reduce((sum, group) => sum + fleet.instancesOf(group.name).length, 0));
    const refresh = fleet.refreshesOf(sim.world.scenario?.fleet.olderInstances ?? '')[0];
    expect(autoScalingView.refresh).toEqual({ Status: 'Cancelled', PercentageComplete: refresh?.percentageComplete, InstancesToUpdate: refresh?.instancesToUpdate });
    expect(autoScalingView.checkpoints).toEqual([60, 100]);
    expect(new Date(autoScalingView.started).getTime()).toBe(refresh?.startTime?.getTime());
  });

  it('reads the code and type of an AutoScaling error', () => {
    expect(autoScalingView.error).toEqual(['ActiveInstanceRefreshNotFound', 'Sender', 400]);
  });

  it('pages through instance statuses and reads checks and events by the EC2 model', () => {
    const visible = sim.world.fleet.instances.all().filter((instance) => !instance.terminatedAt || sim.world.clock().getTime() - instance.terminatedAt.getTime() < 3_600_000);
    expect(instanceStatusView.pages.reduce((sum, size) => sum + size, 0)).toBe(visible.length);
    expect(instanceStatusView.pages.every((size) => size <= 5)).toBe(true);
    const nodes = sim.world.scenario?.nodes;
    const impaired = instanceStatusView.chosen.find((status) => status.InstanceId === nodes?.instanceImpaired);
    expect(impaired).toMatchObject({ InstanceState: { Code: 16, Name: 'running' }, InstanceStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] }, SystemStatus: { Status: 'ok' } });
    expect(impaired?.InstanceStatus.Details[0]?.ImpairedSince).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    const retiring = instanceStatusView.chosen.find((status) => status.InstanceId === nodes?.scheduledRetirement);
    expect(retiring?.Events).toMatchObject([{ Code: 'instance-retirement', Description: 'The instance is running on degraded hardware' }]);
  });

  it('reads availability zones with their ids and state', () => {
    expect(instanceStatusView.zones).toContainEqual(['us-east-1a', 'use1-az1', 'available']);
  });
});
