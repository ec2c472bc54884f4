import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autoScalingClientFor, ec2ClientFor } from './clients.ts';
import { AwsFailure } from './errors.ts';
import { verifyAccount } from './identity.ts';
import { describeLaunchPermissions, listOwnedImages } from './images.ts';
import { describeInstanceStatuses } from './instance-status.ts';

const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');
const config: FleetConfig = parsed.config;
const build = config.aws.buildAccount;
const prod = config.aws.productionAccounts[0]!;

describe('the EC2 adapter against the simulator over HTTP', () => {
  let sim: Simulator;
  let dataDir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-aws-'));
    sim = await startSimulator({ config, dataDir, port: 0 });
    // The SDK's own endpoint and credential settings, as an SRE would set them.
    const credentials = sim.credentialsFor(build.id);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: sim.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
  });

  afterEach(() => sim.faults.clear());

  afterAll(async () => {
    process.env = saved;
    await sim?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const owned = () => sim.world.images.all().filter((i) => i.ownerId === build.id && i.state !== 'deregistered');

  it('reads every page of the build account’s worker AMIs, with their tags', async () => {
    const images = await listOwnedImages(ec2ClientFor(build, 'us-east-1'), { tagKey: config.tags.workerType, where: 'EC2', pageSize: 7 });
    expect(owned().length).toBeGreaterThan(7 * 3);
    expect(images.map((i) => i.imageId).sort()).toEqual(owned().map((i) => i.imageId).sort());
    const head = images.find((i) => i.tags[config.tags.commit] === sim.world.head().sha);
    expect(head?.tags[config.tags.workerType]).toBeDefined();
    expect(head?.creationDate).toBeInstanceOf(Date);
  });

  it('reads which accounts may launch an AMI', async () => {
    const ec2 = ec2ClientFor(build, 'us-east-1');
    const notShared = sim.world.scenario!.notYetShared[0]!;
    const shared = owned().find((i) => !sim.world.scenario!.notYetShared.includes(i.imageId))!;
    expect(await describeLaunchPermissions(ec2, shared.imageId, 'EC2')).toEqual({ accountIds: [prod.id], isPublic: false });
    expect(await describeLaunchPermissions(ec2, notShared, 'EC2')).toEqual({ accountIds: [], isPublic: false });
  });

  it('reads the status checks and scheduled events of every production instance in one listing', async () => {
    const statuses = await describeInstanceStatuses(ec2ClientFor(prod, 'us-east-1'), 'EC2 in app-sre');
    const nodes = sim.world.scenario!.nodes;
    const running = statuses.filter((s) => s.state === 'running');
    expect(running.length).toBeGreaterThan(10);
    expect(statuses.find((s) => s.instanceId === nodes.instanceImpaired)).toMatchObject({ state: 'running', systemStatus: 'ok', instanceStatus: 'impaired' });
    expect(statuses.find((s) => s.instanceId === nodes.scheduledRetirement)?.events).toEqual([
      expect.objectContaining({ code: 'instance-retirement', notBefore: expect.any(Date) }),
    ]);
    expect(statuses.find((s) => s.instanceId === nodes.diskAlmostFull)).toMatchObject({ systemStatus: 'ok', instanceStatus: 'ok', events: [] });
  });

  it('turns an AWS error into a failure that names the AMI and the code', async () => {
    const error = await describeLaunchPermissions(ec2ClientFor(build, 'us-east-1'), 'ami-0123456789abcdef0', 'EC2 in app-sre-ci').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsFailure);
    expect(error).toMatchObject({ code: 'not-found', awsCode: 'InvalidAMIID.NotFound' });
    expect((error as Error).message).toMatch(/^EC2 in app-sre-ci: .*ami-0123456789abcdef0/);
  });

  it('retries a throttled call and succeeds within the SDK’s attempts', async () => {
    sim.faults.inject({ kind: 'throttle', count: 1, action: 'DescribeImages' });
    const images = await listOwnedImages(ec2ClientFor(build, 'us-east-1', { maxAttempts: 3 }), { tagKey: config.tags.workerType, where: 'EC2' });
    expect(images.length).toBe(owned().length);
  });

  it('says the endpoint is unreachable when nothing answers', async () => {
    const nowhere = { ...build, endpoint: 'http://127.0.0.1:9' };
    const error = await listOwnedImages(ec2ClientFor(nowhere, 'us-east-1', { maxAttempts: 1 }), { tagKey: 'x', where: 'EC2 at 127.0.0.1:9' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable' });
    expect((error as Error).message).toMatch(/EC2 at 127.0.0.1:9 is unreachable .*check the endpoint/);
  });

  it('assumes the configured role for a production account', async () => {
    await expect(verifyAccount(prod, 'us-east-1')).resolves.toMatchObject({ arn: expect.stringContaining(prod.id) });
    await expect(verifyAccount(build, 'us-east-1')).resolves.toMatchObject({ arn: expect.stringContaining(build.id) });
  });

  it('assumes a production account’s role once for every client of the account', async () => {
    const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
    const { DescribeInstanceStatusCommand } = await import('@aws-sdk/client-ec2');
    const reader = { ...prod, roleArn: `arn:aws:iam::${prod.id}:role/fleet-portal-reader` };
    sim.calls.clear();
    await Promise.all([
      ec2ClientFor(reader, 'us-east-1').send(new DescribeInstanceStatusCommand({})),
      autoScalingClientFor(reader, 'us-east-1').send(new DescribeAutoScalingGroupsCommand({})),
      verifyAccount(reader, 'us-east-1'),
    ]);
    await ec2ClientFor(reader, 'us-east-1').send(new DescribeInstanceStatusCommand({}));
    expect(sim.calls.byAction({ service: 'sts' })).toEqual({ AssumeRole: 1, GetCallerIdentity: 1 });
  });

  it('refuses credentials that belong to another account than the configured one', async () => {
    const mixedUp = { ...build, id: '399999999999' };
    await expect(verifyAccount(mixedUp, 'us-east-1')).rejects.toMatchObject({ code: 'auth', message: expect.stringContaining(`belong to account ${build.id}`) });
  });

  it('does not see the build account’s tags from the production account', async () => {
    const { EC2Client, DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials: sim.credentialsFor(prod.id) });
    const shared = owned().find((i) => !sim.world.scenario!.notYetShared.includes(i.imageId))!;
    const result = await ec2.send(new DescribeImagesCommand({ ImageIds: [shared.imageId] }));
    expect(result.Images?.[0]?.ImageId).toBe(shared.imageId);
    expect(result.Images?.[0]?.Tags ?? []).toEqual([]);
  });
});
