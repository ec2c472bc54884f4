import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../database.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '../testing/index.ts';
import { seedGroup } from './group-fixture.ts';
import { recordNodeHealth } from './node-health-store.ts';
import { type AgentRecord, recordAgents, recordEc2Statuses, recordExporterSignals, syncNodesFromGroups } from './node-signals.ts';

const NODES = 400;
const ROUNDS = 25;
const ids = Array.from({ length: NODES }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, second));

/** A shuffled copy: each source lists its nodes in its own order, as Jenkins and AWS do. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const agent = (name: string, round: number): AgentRecord => ({
  name,
  controller: 'ci-int',
  offline: round % 2 === 0,
  temporarilyOffline: false,
  offlineCauseReason: round % 2 === 0 ? 'disconnected' : '',
  numExecutors: 2,
  busyExecutors: round % 3,
});

function isDeadlock(error: unknown): boolean {
  return JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})).includes('40P01') || String(error).includes('deadlock');
}

// Real PostgreSQL only: PGlite has one session, where nothing runs at once and nothing can deadlock.
describe.each(testDatabases().filter((t) => t.name === 'postgres'))('node-table writers running at once on $name', (target) => {
  let db: TestDatabase;
  // Each sync runs in its own worker process in production; separate pools stand for them here.
  const pools: Database[] = [];

  beforeAll(async () => {
    db = await target.open();
    const when = at(0);
    await seedGroup(db.prisma, { name: 'pool-a', workerType: 'rhel8-builder', instanceIds: ids, at: when });
    await syncNodesFromGroups(db.prisma, when);
    for (let i = 0; i < 4; i += 1) pools.push(createDatabase(db.url, { maxConnections: 2 }));
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await db?.cleanup();
  });

  it(`never deadlocks across ${ROUNDS} rounds of the health, Jenkins-agent, instance-status and exporter syncs at once`, async () => {
    const deadlocks: unknown[] = [];
    const otherErrors: unknown[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const stamp = at(round);
      const [health, agents, ec2, exporter] = pools.map((p) => p.prisma);
      const writers = [
        syncNodesFromGroups(health!, stamp).then(() =>
          recordNodeHealth(
            health!,
            shuffled(ids, round).map((instanceId, i) => ({ instanceId, status: (i + round) % 2 ? 'healthy' : 'degraded', reasons: [] })),
            stamp,
          ),
        ),
        recordAgents(agents!, shuffled(ids, round * 7 + 1).slice(0, NODES - (round % 5)).map((name) => agent(name, round)), stamp),
        recordEc2Statuses(
          ec2!,
          shuffled(ids, round * 13 + 2).map((instanceId) => ({ instanceId, state: 'running', systemStatus: 'ok', instanceStatus: round % 2 ? 'ok' : 'impaired', events: [] })),
          stamp,
          { accountId: '320000000002', region: 'us-east-1' },
        ),
        recordExporterSignals(
          exporter!,
          shuffled(ids, round * 17 + 3).map((instanceId) => ({
            instanceId,
            up: true,
            error: null,
            diskUsedPercent: round,
            diskMountpoint: '/',
            inodesUsedPercent: 1,
            loadPerCore: 0.5,
            memoryAvailablePercent: 50,
            diskFullInHours: null,
            inodesFullInHours: null,
            bootTime: null,
          })),
          stamp,
        ),
      ];
      for (const result of await Promise.allSettled(writers)) {
        if (result.status === 'rejected') (isDeadlock(result.reason) ? deadlocks : otherErrors).push(result.reason);
      }
    }
    expect(otherErrors).toEqual([]);
    expect(deadlocks).toHaveLength(0);
    // Every writer's last round landed: the rounds did not merely fail quietly.
    const node = await db.prisma.node.findUniqueOrThrow({ where: { instanceId: ids[0]! } });
    expect([node.diskUsedPercent, node.ec2ObservedAt, node.evaluatedAt]).toEqual([ROUNDS, at(ROUNDS), at(ROUNDS)]);
  }, 120_000);
});
