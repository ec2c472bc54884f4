import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AutoScalingClient,
  SetInstanceHealthCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { autoScalingClientFor } from '@fleet/aws';
import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { listAuditAttempts } from '@fleet/db';
import { type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imagesJob } from '../aws/images.ts';
import { cloudTrailJob } from './cloudtrail.ts';

const demo = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!demo.ok) throw new Error('the demo config must be valid');

describe.each(testDatabases())('reading CloudTrail into the audit trail and lineage on $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let group: string;
  let terminated: string;
  let markedUnhealthy: string;
  let imageId: string;
  let missedSha: string;
  const context = () => ({ prisma: db.prisma, config, now: () => new Date(sim.world.clock().getTime() + 60_000) });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-trail-'));
    db = await target.open();
    const historyEnd = new Date(Date.UTC(2025, 2, 14));
    const frozenAt = new Date(historyEnd.getTime() + 3_600_000);
    sim = await startSimulator({ config: demo.config, dataDir, port: 0, historyEnd, clock: () => frozenAt, timeScale: 1 });
    // The portal's accounts point at the simulator; its base credentials are the build account's key, the production role is assumed.
    config = structuredClone(demo.config);
    config.audit = { cloudTrail: { every: 60_000, lookBack: 86_400_000 } };
    for (const account of [config.aws.buildAccount, ...config.aws.productionAccounts]) account.endpoint = sim.url;
    const base = sim.credentialsFor(config.aws.buildAccount.id);
    vi.stubEnv('AWS_ACCESS_KEY_ID', base.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', base.secretAccessKey);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/dev/null');
    vi.stubEnv('AWS_CONFIG_FILE', '/dev/null');

    const build = config.aws.buildAccount;
    const prod = config.aws.productionAccounts[0]!;
    await imagesJob(build, 'us-east-1', 60_000, { ec2: new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials: base, maxAttempts: 3 }) }).run(context());
    const inService = (name: string) => sim.world.fleet.instancesOf(name).filter((i) => i.lifecycleState === 'InService');
    group = sim.world.fleet.groups().find((g) => g.ownerId === prod.id && inService(g.name).length >= 3)!.name;
    const ami = await db.prisma.ami.findFirstOrThrow({ where: { currentCommit: { not: null }, deregisteredAt: null }, orderBy: { creationDate: 'desc' } });
    imageId = ami.imageId;
    missedSha = sim.world.commits[0]!.sha;

    // The portal starts a refresh through its assumed role: already in its own audit trail.
    await autoScalingClientFor(prod, 'us-east-1').send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group }));
    // dana, in the console: resizes the group, and re-tags the AMI with an old commit and back, between two image syncs.
    const danaProd = { region: 'us-east-1', endpoint: sim.url, credentials: sim.consoleCredentialsFor(prod.id), maxAttempts: 3 };
    const desired = sim.world.fleet.group(group)!.desiredCapacity;
    await new AutoScalingClient(danaProd).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, DesiredCapacity: desired }));
    // dana also terminates one of its instances and marks another unhealthy; the portal marks a third.
    const [first, second, third] = inService(group);
    [terminated, markedUnhealthy] = [first!.instanceId, second!.instanceId];
    await new AutoScalingClient(danaProd).send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: terminated, ShouldDecrementDesiredCapacity: false }));
    await new AutoScalingClient(danaProd).send(new SetInstanceHealthCommand({ InstanceId: markedUnhealthy, HealthStatus: 'Unhealthy', ShouldRespectGracePeriod: false }));
    await autoScalingClientFor(prod, 'us-east-1').send(new SetInstanceHealthCommand({ InstanceId: third!.instanceId, HealthStatus: 'Unhealthy', ShouldRespectGracePeriod: false }));
    const danaBuild = new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials: sim.consoleCredentialsFor(build.id), maxAttempts: 3 });
    await danaBuild.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: config.tags.commit, Value: missedSha }] }));
    await danaBuild.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: config.tags.commit, Value: ami.currentCommit! }] }));

    for (const account of [build, prod]) await cloudTrailJob(account, 'us-east-1', config).run(context());
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('puts the changes made outside the portal on the objects’ history, marked, with who made them', async () => {
    const outside = await listAuditAttempts(db.prisma, { source: 'cloudtrail', limit: 50 });
    expect(outside.items.map((a) => [a.action, a.target, a.user, a.outcome]).sort()).toEqual(
      [
        ['aws:CreateTags', imageId, 'dana', 'succeeded'],
        ['aws:CreateTags', imageId, 'dana', 'succeeded'],
        ['aws:UpdateAutoScalingGroup', group, 'dana', 'succeeded'],
        ['aws:TerminateInstanceInAutoScalingGroup', terminated, 'dana', 'succeeded'],
        ['aws:TerminateInstanceInAutoScalingGroup', group, 'dana', 'succeeded'],
        ['aws:SetInstanceHealth', markedUnhealthy, 'dana', 'succeeded'],
      ].sort(),
    );
    const history = await listAuditAttempts(db.prisma, { target: group, limit: 50 });
    expect(history.items.map((a) => a.action).sort()).toEqual(['aws:TerminateInstanceInAutoScalingGroup', 'aws:UpdateAutoScalingGroup']);
    expect((await listAuditAttempts(db.prisma, { target: terminated, limit: 50 })).items.map((a) => a.action)).toEqual(['aws:TerminateInstanceInAutoScalingGroup']);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'aws:UpdateAutoScalingGroup' } });
    expect(event).toMatchObject({ source: 'cloudtrail', sourceAddress: '127.0.0.1' });
    expect(event.parameters).toMatchObject({ identity: { type: 'IAMUser', arn: expect.stringMatching(/:user\/dana$/) }, request: { autoScalingGroupName: group } });
  });

  it('leaves out the portal’s own calls, which its audit trail has under the attempt that made them', async () => {
    expect(await db.prisma.auditEvent.count({ where: { action: 'aws:StartInstanceRefresh' } })).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: 'aws:SetInstanceHealth' } })).toBe(1);
  });

  it('records each CloudTrail event once, however often it is read', async () => {
    const before = await db.prisma.auditEvent.count();
    await cloudTrailJob(config.aws.buildAccount, 'us-east-1', config).run(context());
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it('gives lineage the re-tag the image sync missed, as seen in CloudTrail', async () => {
    expect(await db.prisma.amiCommit.findUnique({ where: { imageId_commitSha: { imageId, commitSha: missedSha } } })).toMatchObject({ seenIn: 'cloudtrail' });
    // The tag it carries now is the image sync's to record.
    expect(await db.prisma.amiCommit.count({ where: { imageId, seenIn: 'cloudtrail' } })).toBe(1);
  });
});
