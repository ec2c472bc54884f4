import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { findNode, syncNodesFromGroups } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asgsJob } from './groups.ts';
import { imagesJob } from './images.ts';
import { SyncScheduler } from '../scheduler.ts';
import { simulatedImageClients } from '../testing/index.ts';

const demo = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!demo.ok) throw new Error('the demo config must be valid');

describe.each(testDatabases())('syncing the simulated Auto Scaling groups into $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  const prod = () => config.aws.productionAccounts[0]!;
  const key = () => `autoscaling.groups:${prod().id}:us-east-1`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-asg-'));
    db = await target.open();
    config = structuredClone(demo.config);
    // The world's clock stands still; the test moves it with world.advance, so a refresh moves
    // exactly as far between two syncs whatever the machine's load.
    const historyEnd = new Date(Date.UTC(2025, 2, 14));
    const frozenAt = new Date(historyEnd.getTime() + 3_600_000);
    sim = await startSimulator({ config, dataDir, port: 0, historyEnd, clock: () => frozenAt, timeScale: 1 });
    const credentials = sim.credentialsFor(prod().id);
    const clientConfig = { region: 'us-east-1', endpoint: sim.url, credentials, maxAttempts: 3 };
    const build = config.aws.buildAccount;
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(build, 'us-east-1', 60_000, simulatedImageClients(sim, config)),
      asgsJob(prod(), 'us-east-1', {
        intervalMs: 60_000,
        refreshingIntervalMs: 2_000,
        clients: { autoScaling: new AutoScalingClient(clientConfig), ec2: new EC2Client(clientConfig) },
      }),
    ]);
    await scheduler.runAll();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records every configured group with its worker type, launch template AMI and instances', async () => {
    const groups = await db.prisma.asg.findMany({ include: { instances: true } });
    expect(groups.map((g) => g.name).sort()).toEqual(config.workerTypes.flatMap((w) => w.asgs).sort());
    for (const g of groups) {
      const simulated = sim.world.fleet.group(g.name)!;
      expect(g.workerType).toBe(config.workerTypes.find((w) => w.asgs.includes(g.name))!.key);
      expect(g.desiredCapacity).toBe(simulated.desiredCapacity);
      expect(g.instances.map((i) => i.instanceId).sort()).toEqual(sim.world.fleet.instancesOf(g.name).map((i) => i.instanceId).sort());
      expect(g.instances.every((i) => i.privateIp?.startsWith('127.'))).toBe(true);
    }
    const ssm = groups.find((g) => g.name === sim.world.scenario!.fleet!.ssmImage)!;
    // Resolved through ResolveAlias: the AMI the parameter holds now.
    expect(ssm).toMatchObject({ imageSource: 'ssm', imageId: sim.world.fleet.parameters.get(`/app-sre/jenkins-worker/${ssm.workerType}/ami-id`) });
    expect(ssm.imageId).toMatch(/^ami-/);
    expect(groups.find((g) => g.name === sim.world.scenario!.fleet!.latestVersion)!.launchTemplateVersion).toBe('$Latest');
  });

  it('follows the SSM parameter a launch template names when it changes, and says unknown when it holds no AMI', async () => {
    const name = sim.world.scenario!.fleet!.ssmImage!;
    const group = await db.prisma.asg.findUniqueOrThrow({ where: { name } });
    const parameter = `/app-sre/jenkins-worker/${group.workerType}/ami-id`;
    const before = sim.world.fleet.parameters.get(parameter)!;
    const other = (await db.prisma.ami.findFirstOrThrow({ where: { workerType: group.workerType, imageId: { not: before } } })).imageId;
    const groupsJob = `autoscaling.groups:${prod().id}:us-east-1`;
    try {
      sim.world.fleet.parameters.set(parameter, other);
      expect(await scheduler.runNow(groupsJob)).toMatchObject({ ok: true });
      expect(await db.prisma.asg.findUniqueOrThrow({ where: { name } })).toMatchObject({ imageSource: 'ssm', imageId: other });

      sim.world.fleet.parameters.delete(parameter);
      expect(await scheduler.runNow(groupsJob)).toMatchObject({ ok: true });
      expect(await db.prisma.asg.findUniqueOrThrow({ where: { name } })).toMatchObject({ imageSource: 'ssm', imageId: null });
    } finally {
      sim.world.fleet.parameters.set(parameter, before);
      await scheduler.runNow(groupsJob);
    }
  });

  it('keeps a node’s Auto Scaling figures as fresh as the group sync, though a pass where nothing changed writes no instance', async () => {
    const instance = await db.prisma.asgInstance.findFirstOrThrow({ where: { goneAt: null } });
    expect(await scheduler.runNow(key())).toMatchObject({ ok: true });
    expect((await db.prisma.asgInstance.findUniqueOrThrow({ where: { instanceId: instance.instanceId } })).lastSeenAt).toEqual(instance.lastSeenAt);
    const listedAt = (await db.prisma.syncSource.findUniqueOrThrow({ where: { key: key() } })).lastSuccessAt!;
    // Nor does the node copy: the node read back was seen at the group source's last success.
    await syncNodesFromGroups(db.prisma, new Date());
    const stored = await db.prisma.node.findUniqueOrThrow({ where: { instanceId: instance.instanceId } });
    await syncNodesFromGroups(db.prisma, new Date());
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: instance.instanceId } })).toEqual(stored);
    expect((await findNode(db.prisma, instance.instanceId))!.asgObservedAt).toEqual(listedAt);
  });

  it('keeps the refresh history and the scaling activities AWS reports', async () => {
    const rolledBack = sim.world.scenario!.fleet!.autoRolledBack!;
    const refreshes = await db.prisma.instanceRefresh.findMany({ where: { asgName: rolledBack } });
    expect(refreshes.map((r) => r.status)).toContain('RollbackSuccessful');
    expect(await db.prisma.scalingActivity.count({ where: { asgName: rolledBack, instanceId: { not: null } } })).toBeGreaterThan(0);
  });

  it('follows a refresh started outside the portal to the end, sampling its progress', async () => {
    const name = sim.world.scenario!.fleet!.current[0]!;
    const started = sim.world.fleet.startInstanceRefresh(name, {
      preferences: { minHealthyPercentage: 50, instanceWarmup: 60, skipMatching: false },
    });
    let outcome = await scheduler.runNow(key());
    expect(outcome?.ok).toBe(true);
    for (let step = 0; step < 200; step++) {
      const row = await db.prisma.instanceRefresh.findUnique({ where: { id: started.instanceRefreshId } });
      if (row?.status === 'Successful') break;
      sim.world.advance(60_000);
      outcome = await scheduler.runNow(key());
      expect(outcome?.ok).toBe(true);
    }
    const refresh = await db.prisma.instanceRefresh.findUniqueOrThrow({ where: { id: started.instanceRefreshId }, include: { samples: true } });
    expect(refresh.status).toBe('Successful');
    expect(refresh.startedBy).toBeNull();
    expect(refresh.samples.length).toBeGreaterThanOrEqual(2);
    expect(refresh.samples.at(-1)!.percentageComplete).toBe(100);
    const live = await db.prisma.asgInstance.findMany({ where: { asgName: name, goneAt: null } });
    expect(live.map((i) => i.instanceId).sort()).toEqual(sim.world.fleet.instancesOf(name).map((i) => i.instanceId).sort());
    expect(await db.prisma.asgInstance.count({ where: { asgName: name, goneAt: { not: null } } })).toBeGreaterThan(0);
  });
});
