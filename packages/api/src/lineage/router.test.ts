import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { imagesJob, infraRepoJob, SyncScheduler } from '@fleet/sync';
import { simulatedImageClients } from '@fleet/sync/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../context.ts';
import { createCaller } from '../root.ts';
import { healthReport } from '../sources/healthz.ts';

const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');

describe.each(testDatabases())('the lineage API on $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-api-'));
    db = await target.open();
    config = structuredClone(parsed.config);
    sim = await startSimulator({ config, dataDir, port: 0 });
    config.infraRepo.localClone = sim.infraRepoPath;
    const build = config.aws.buildAccount;
    const scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
      imagesJob(build, 'us-east-1', 60_000, simulatedImageClients(sim, config)),
      infraRepoJob(sim.infraRepoPath, 60_000),
    ]);
    await scheduler.runAll();
    caller = createCaller(() => createContext({ req: new Request('http://portal.test/api/trpc'), prisma: db.prisma, config }));
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists commits newest first against every worker type, paged', async () => {
    const grid = await caller.lineage.grid({ perPage: 10 });
    expect(grid.columns.map((c) => c.key)).toEqual(config.workerTypes.map((w) => w.key));
    expect(grid.rows).toHaveLength(10);
    expect(grid.total).toBe(sim.world.commits.length);
    expect(grid.rows[0]!.sha).toBe(sim.world.head().sha);
    expect(grid.rows[0]!.url).toBe(`https://gitlab.example.com/app-sre/infra/-/commit/${sim.world.head().sha}`);
    const second = await caller.lineage.grid({ perPage: 10, page: 2 });
    expect(second.rows[0]!.sha).toBe(sim.world.commits.at(-11)!.sha);
  });

  it('narrows to a base OS and finds a commit by sha prefix', async () => {
    const sha = sim.world.commits.at(-5)!.sha;
    const grid = await caller.lineage.grid({ baseOs: ['rhel8'], search: sha.slice(0, 8).toUpperCase() });
    expect(grid.columns.every((c) => c.baseOs === 'rhel8')).toBe(true);
    expect(grid.rows.map((r) => r.sha)).toEqual([sha]);
  });

  it('describes one AMI with its tags, commits, sharing and the commit it was built at', async () => {
    const grid = await caller.lineage.grid({ perPage: 500 });
    const builtCell = grid.rows.flatMap((r) => r.cells.map((c) => ({ row: r, cell: c }))).find((x) => x.cell.kind === 'built')!;
    const imageId = (builtCell.cell as { imageId: string }).imageId;
    const ami = await caller.lineage.ami({ imageId });
    expect(ami.builtAt).toMatchObject({ sha: builtCell.row.sha, source: 'tag' });
    expect(ami.tags.map((t) => t.key)).toEqual(expect.arrayContaining([config.tags.commit, config.tags.workerType]));
    expect(ami.carried.map((c) => c.sha)).toContain(builtCell.row.sha);
    const shared = !sim.world.scenario!.notYetShared.includes(imageId);
    expect(ami.sharing).toEqual([{ accountId: '320000000002', name: 'app-sre', shared }]);
  });

  it('shows an AMI seen at the image sync’s last listing, though a listing where nothing changed writes no AMI', async () => {
    const imageId = sim.world.currentImage('rhel8-builder')!.imageId;
    const before = await db.prisma.ami.findUniqueOrThrow({ where: { imageId } });
    const key = `ec2.images:${config.aws.buildAccount.id}:us-east-1`;
    const again = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [imagesJob(config.aws.buildAccount, 'us-east-1', 60_000, simulatedImageClients(sim, config))]);
    expect(await again.runNow(key)).toMatchObject({ ok: true });
    expect((await db.prisma.ami.findUniqueOrThrow({ where: { imageId } })).lastSeenAt).toEqual(before.lastSeenAt);
    const listedAt = (await db.prisma.syncSource.findUniqueOrThrow({ where: { key } })).lastSuccessAt!;
    expect(listedAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
    const ami = await caller.lineage.ami({ imageId });
    expect(ami.lastSeenAt).toEqual(listedAt);
    expect(ami.observations.find((o) => o.sha === before.currentCommit)?.lastSeenAt).toEqual(listedAt);
  });

  it('says which newest AMIs are not shared to production yet', async () => {
    const notShared = sim.world.scenario!.notYetShared[0]!;
    const ami = await caller.lineage.ami({ imageId: notShared });
    expect(ami.sharing).toEqual([{ accountId: '320000000002', name: 'app-sre', shared: false }]);
  });

  it('refuses a malformed AMI id and says when the portal never saw an AMI', async () => {
    await expect(caller.lineage.ami({ imageId: 'i-123' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const missing = await caller.lineage.ami({ imageId: 'ami-00000000000000000' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('never seen ami-00000000000000000') });
  });

  it('gives the overview the newest AMI of each worker type and its distance from the head', async () => {
    const overview = await caller.overview.get();
    expect(overview.head?.sha).toBe(sim.world.head().sha);
    for (const type of overview.workerTypes) {
      const current = sim.world.currentImage(type.key);
      expect(type.newestAmi?.imageId).toBe(current?.imageId);
    }
    expect(overview.problemAmis.map((a) => a.imageId)).toContain(sim.world.scenario!.malformedCommitTag);
  });

  it('reports each source’s freshness for /healthz', async () => {
    const report = await healthReport(db.prisma, config);
    expect(report.status).toBe('serving');
    expect(report.sources.map((s) => [s.key, s.state])).toEqual([
      [`ec2.images:${config.aws.buildAccount.id}:us-east-1`, 'fresh'],
      ['git.infra-repo', 'fresh'],
    ]);
  });
});
