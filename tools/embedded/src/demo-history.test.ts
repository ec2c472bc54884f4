import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFleetConfig } from '@fleet/core';
import { hiddenNoise, listAuditAttempts, verifyAuditChain } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAuditHistory } from './demo-history.ts';

const demo = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../config/demo.yaml'), 'utf8'));
if (!demo.ok) throw new Error('the demo config must be valid');
const config = demo.config;

describe.each(testDatabases().filter((t) => t.name === 'pglite'))('the demo’s audit history on $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let seeded: number;
  const now = new Date(Date.UTC(2025, 2, 14, 9));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-demo-history-'));
    db = await target.open();
    sim = await startSimulator({ config, dataDir, historyEnd: new Date(Date.UTC(2025, 2, 14)), clock: () => now, timeScale: 1 });
    seeded = await seedDemoAuditHistory(db.prisma, config, sim.world, now);
  }, TEST_DATABASE_TIMEOUT_MS * 2);

  afterAll(async () => {
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is written once, as one intact chain', async () => {
    expect(seeded).toBeGreaterThan(40);
    expect(await seedDemoAuditHistory(db.prisma, config, sim.world, now)).toBe(0);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ intact: true });
  });

  it('holds refreshes by several people with the refresh each started, an approval, a rejection, refusals and a failure', async () => {
    const attempts = (await listAuditAttempts(db.prisma, { limit: 200 })).items;
    const refreshes = attempts.filter((a) => a.action === 'asg.refresh.start' && a.outcome === 'succeeded');
    expect(new Set(refreshes.map((a) => a.user)).size).toBeGreaterThanOrEqual(2);
    expect(attempts.filter((a) => a.decidedBy === 'grace').map((a) => a.outcome).sort()).toEqual(['failed', 'rejected']);
    const journal = await db.prisma.actionJournal.findFirstOrThrow({ where: { id: refreshes[0]!.journalId! } });
    expect(sim.world.fleet.refreshesOf(journal.target).map((r) => r.instanceRefreshId)).toContain((journal.result as { refreshId: string }).refreshId);
    expect(attempts.map((a) => a.outcome)).toEqual(expect.arrayContaining(['rejected', 'denied', 'failed']));
    expect(attempts.every((a) => a.startedAt <= now && a.startedAt >= new Date(now.getTime() - 22 * 86_400_000))).toBe(true);
  });

  it('folds the evening of made-up sign-in names away', async () => {
    expect(await hiddenNoise(db.prisma, {})).toMatchObject({ failed: 30, topTargets: [{ target: 'mallory', count: 27 }, { target: 'admin', count: 3 }] });
  });
});
