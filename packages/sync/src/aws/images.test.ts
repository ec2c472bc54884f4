import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLineage, parseFleetConfig, type FleetConfig } from '@fleet/core';
import { listSyncSources, loadInfraHistory, loadLineageAmis } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesJob, launchPermissionsJob } from './images.ts';
import { infraRepoJob } from '../git/infra-repo.ts';
import { SyncScheduler } from '../scheduler.ts';
import { simulatedImageClients } from '../testing/index.ts';

const demo = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!demo.ok) throw new Error('the demo config must be valid');

describe.each(testDatabases())('syncing the simulated build account into $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  const build = () => config.aws.buildAccount;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-sync-'));
    db = await target.open();
    config = structuredClone(demo.config);
    sim = await startSimulator({ config, dataDir, port: 0 });
    config.infraRepo.localClone = sim.infraRepoPath;
    const clients = simulatedImageClients(sim, config, { maxAttempts: 2 });
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(build(), 'us-east-1', 60_000, clients),
      launchPermissionsJob(build(), 'us-east-1', 60_000, clients),
      infraRepoJob(sim.infraRepoPath, 60_000),
    ]);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  const lineage = async () =>
    buildLineage({
      workerTypes: config.workerTypes.map((w) => w.key),
      history: await loadInfraHistory(db.prisma),
      amis: await loadLineageAmis(db.prisma),
    });

  it('records every worker AMI of the build account, the history, and which AMIs are shared', async () => {
    const outcomes = await scheduler.runAll();
    expect(outcomes.map((o) => o?.errorMessage ?? o?.ok)).toEqual([true, true, true]);
    const registered = sim.world.images.all().filter((i) => i.state !== 'deregistered' && i.ownerId === build().id);
    const stored = await db.prisma.ami.findMany({ where: { deregisteredAt: null } });
    expect(stored.map((a) => a.imageId).sort()).toEqual(registered.map((i) => i.imageId).sort());

    const history = await loadInfraHistory(db.prisma);
    expect(history[0]!.sha).toBe(sim.world.head().sha);
    expect(history.length).toBe(sim.world.commits.length);

    const notShared = sim.world.scenario!.notYetShared[0]!;
    const prod = config.aws.productionAccounts[0]!.id;
    expect((await db.prisma.ami.findUniqueOrThrow({ where: { imageId: notShared } })).sharedWith).not.toContain(prod);
    // The hand-built AMI was never shared either; every pipeline AMI but the newest unshared ones was.
    const unshared = [...sim.world.scenario!.notYetShared, sim.world.scenario!.malformedCommitTag];
    const shared = stored.find((a) => !unshared.includes(a.imageId))!;
    expect((await db.prisma.ami.findUniqueOrThrow({ where: { imageId: shared.imageId } })).sharedWith).toContain(prod);
  });

  it('shows the failed build as missing for every worker type and flags it', async () => {
    const rows = await lineage();
    const failed = rows.find((r) => r.sha === sim.world.scenario!.failedBuildCommit)!;
    expect(failed.cells.every((c) => c.kind === 'missing')).toBe(true);
    expect(failed.flags).toEqual(expect.arrayContaining(['packer-change-without-ami', 'no-ami']));
  });

  it('keeps the commit a re-tag overwrote in AWS', async () => {
    const before = sim.world.head().sha;
    const { commit, retagged } = await sim.world.commit({ touchesPacker: false, message: 'Bump the housekeeping schedule' });
    expect(retagged.length).toBeGreaterThan(0);
    await scheduler.runNow(`ec2.images:${build().id}:us-east-1`);
    await scheduler.runNow('git.infra-repo');

    const carrier = retagged[0]!.imageId;
    const seen = await db.prisma.amiCommit.findMany({ where: { imageId: carrier } });
    expect(seen.map((s) => s.commitSha)).toEqual(expect.arrayContaining([before, commit.sha]));
    const head = (await lineage())[0]!;
    expect(head.sha).toBe(commit.sha);
    expect(head.cells.filter((c) => c.kind === 'carried').length).toBe(retagged.length);
  });

  it('reads a bake’s new AMIs even when the production account cannot say yet who may launch them, and says so', async () => {
    const prod = config.aws.productionAccounts[0]!.id;
    const { build: baked } = await sim.world.commit({ touchesPacker: true, message: 'Bump the kernel' });
    const made = Object.values(baked!.images);
    sim.faults.inject({ kind: 'throttle', count: 2, account: prod, action: 'DescribeImages' });
    const outcome = await scheduler.runNow(`ec2.images:${build().id}:us-east-1`);
    expect(outcome).toMatchObject({ ok: true, warnings: [expect.stringMatching(/^the sharing of 7 new AMIs was not checked yet: EC2 in account app-sre .*throttled/)] });
    expect(await db.prisma.ami.count({ where: { imageId: { in: made }, sharedCheckedAt: null } })).toBe(made.length);
    expect(await scheduler.runNow(`ec2.launch-permissions:${build().id}:us-east-1`)).toMatchObject({ ok: true });
    expect(await db.prisma.ami.count({ where: { imageId: { in: made }, sharedCheckedAt: null } })).toBe(0);
  });

  it('marks an AMI deregistered in AWS and keeps it', async () => {
    const victim = (await db.prisma.ami.findFirstOrThrow({ where: { deregisteredAt: null }, orderBy: { creationDate: 'asc' } })).imageId;
    sim.world.deregister(victim);
    await scheduler.runNow(`ec2.images:${build().id}:us-east-1`);
    const row = await db.prisma.ami.findUniqueOrThrow({ where: { imageId: victim } });
    expect(row.deregisteredAt).not.toBeNull();
    expect(row.state).toBe('deregistered');
  });

  it('records a failing source with a message that says what to check, keeping the last good data', async () => {
    const before = await db.prisma.ami.count();
    const bad = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(build(), 'us-east-1', 60_000, simulatedImageClients(sim, config, { maxAttempts: 2, buildSecret: 'not-the-secret' })),
    ]);
    const outcome = await bad.runNow(`ec2.images:${build().id}:us-east-1`);
    expect(outcome).toMatchObject({ ok: false, errorCode: 'auth' });
    const source = (await listSyncSources(db.prisma)).find((s) => s.kind === 'ec2.images')!;
    expect(source.consecutiveFailures).toBe(1);
    expect(source.lastErrorMessage).toMatch(/app-sre-ci.*rejected the credentials/);
    expect(source.lastSuccessAt).not.toBeNull();
    expect(await db.prisma.ami.count()).toBe(before);
    expect(await db.prisma.ami.count({ where: { deregisteredAt: null } })).toBeGreaterThan(0);
  });

  it('reports throttling that outlasts the retries as throttled, and recovers on the next run', async () => {
    sim.faults.inject({ kind: 'throttle', count: 2, action: 'DescribeImages' });
    const key = `ec2.images:${build().id}:us-east-1`;
    expect(await scheduler.runNow(key)).toMatchObject({ ok: false, errorCode: 'throttled' });
    expect(await scheduler.runNow(key)).toMatchObject({ ok: true });
    const source = (await listSyncSources(db.prisma)).find((s) => s.key === key)!;
    expect(source.consecutiveFailures).toBe(0);
  });

  it('lets one of two replicas run a source at a time', async () => {
    const replicas = [1, 2].map(
      (n) =>
        new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [infraRepoJob(sim.infraRepoPath, 600_000)], {
          owner: `replica-${n}`,
        }),
    );
    const key = 'git.infra-repo';
    await db.prisma.syncSource.update({ where: { key }, data: { lastAttemptAt: new Date(Date.now() - 3_600_000) } });
    // Not forced: each replica runs only if no one attempted the source within its interval.
    const outcomes = await Promise.all(replicas.map((r) => r.runIfDue(key)));
    expect(outcomes.filter((o) => o !== null)).toHaveLength(1);
    expect(await Promise.all(replicas.map((r) => r.runIfDue(key)))).toEqual([null, null]);
  });
});
