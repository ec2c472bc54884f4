import { nodeFacets } from '@fleet/db';
import { evaluateNodeHealth } from '@fleet/sync';
import { parseFleetConfig } from '@fleet/core';
import { type AgentRecord, listNodes, type NodeQuery, nodeStatusCounts, recordAgents, recordEc2Statuses, recordExporterSignals, syncNodesFromGroups } from '@fleet/db';
import { openTestDatabase, type TestDatabaseName } from '@fleet/db/testing';
import { measure, timed } from './timing.ts';

// What one node sync costs on a large fleet, and how fast the nodes page's queries answer.
// Targets on a 2-core machine with 6,000 nodes: each source's write and the evaluation of every
// node well under the 30 s sync interval (under 3 s each on Postgres), and a page of the list,
// filtered and sorted in SQL, under 100 ms on Postgres and under 500 ms on PGlite.
const NODES = Number(process.env.NODES ?? 6000);
const TARGETS = (process.env.DATABASES ?? 'postgres,pglite').split(',') as TestDatabaseName[];
const TYPES = ['centos7-builder', 'centos7-tester', 'rhel7-builder', 'rhel8-builder', 'rhel8-tester', 'rhel8-gpu'];

const parsed = parseFleetConfig(
  [
    'infraRepo: { commitUrlTemplate: "https://git.example.com/infra/commit/{sha}" }',
    'aws:',
    '  buildAccount: { id: "310000000001", name: build, regions: [us-east-1] }',
    '  productionAccounts: [{ id: "320000000002", name: prod, regions: [us-east-1] }]',
    'workerTypes:',
    ...TYPES.map((key) => `  - { key: ${key}, baseOs: ${key.split('-')[0]}, role: ${key.split('-')[1]}, asgs: [pool-${key}] }`),
    'jenkins: { controllers: [{ name: ci-int, url: "http://127.0.0.1:9" }] }',
    'prometheus: { url: "http://127.0.0.1:9" }',
  ].join('\n'),
);
if (!parsed.ok) throw new Error(`bench config: ${JSON.stringify(parsed.problems)}`);
const config = parsed.config;

const ids = Array.from({ length: NODES }, (_, i) => `i-0${i.toString(16).padStart(16, '0')}`);
const typeOf = (i: number) => TYPES[i % TYPES.length]!;

async function bench(target: TestDatabaseName) {
  const db = await openTestDatabase(target);
  try {
    const { prisma } = db;
    const seeded = new Date();
    for (const type of TYPES) {
      await prisma.asg.create({
        data: { name: `pool-${type}`, accountId: '320000000002', region: 'us-east-1', arn: `arn:pool-${type}`, workerType: type, minSize: 0, maxSize: NODES, desiredCapacity: NODES / TYPES.length, tags: {}, firstSeenAt: seeded, lastSeenAt: seeded },
      });
    }
    await prisma.asgInstance.createMany({
      data: ids.map((instanceId, i) => ({
        instanceId,
        asgName: `pool-${typeOf(i)}`,
        availabilityZone: `us-east-1${'abc'[i % 3]}`,
        lifecycleState: 'InService',
        healthStatus: 'Healthy',
        imageId: 'ami-0123456789abcdef0',
        privateIp: `127.${10 + Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`,
        launchTime: new Date(seeded.getTime() - 86_400_000),
        firstSeenAt: seeded,
        lastSeenAt: seeded,
      })),
    });
    console.log(`${target}: ${NODES} nodes in ${TYPES.length} worker types`);
    const now = () => new Date();
    // Every 300th instance never got an agent, and 20 agents outlived their instances: findings to reconcile.
    const agents: AgentRecord[] = [...ids.filter((_, i) => i % 300 !== 0), ...Array.from({ length: 20 }, (_, i) => `i-0dead${i.toString(16).padStart(12, '0')}`)].map((name, i) => ({
      name,
      controller: 'ci-int',
      offline: i % 50 === 0,
      temporarilyOffline: i % 100 === 0,
      offlineCauseReason: i % 50 === 0 ? 'Connection was broken' : '',
      numExecutors: 2,
      busyExecutors: i % 3 === 0 ? 1 : 0,
    }));
    // Every node's reading changes from one run to the next (the impaired ones move), so each run writes them all.
    let run = 0;
    const statusesOf = (shift: number) =>
      ids.map((instanceId, i) => ({ instanceId, state: 'running', systemStatus: 'ok' as const, instanceStatus: (i + shift) % 97 === 0 ? ('impaired' as const) : ('ok' as const), events: [] }));
    const exporter = ids.map((instanceId, i) => ({
      instanceId,
      up: i % 211 !== 0,
      error: null,
      diskUsedPercent: i % 10 === 0 ? 96.4 : 20 + (i % 60),
      diskMountpoint: '/',
      inodesUsedPercent: i % 13 === 0 ? 99 : 10,
      loadPerCore: i % 7 === 0 ? 2.5 : 0.3,
      memoryAvailablePercent: 40,
      diskFullInHours: i % 17 === 0 ? 6 : null,
      inodesFullInHours: null,
      bootTime: new Date(seeded.getTime() - 86_400_000),
    }));
    // The sync_source rows the evaluation reads to know each source works.
    for (const kind of ['ec2.instance-status', 'jenkins.agents', 'prometheus.node-exporter', 'autoscaling.groups']) {
      const where = { accountId: '320000000002', region: 'us-east-1' };
      await prisma.syncSource.create({ data: { key: kind, kind, ...where, lastSuccessAt: new Date(Date.now() + 3_600_000), lastAttemptAt: new Date(), consecutiveFailures: 0 } });
    }
    await measure('syncNodesFromGroups (group members into nodes)', () => syncNodesFromGroups(prisma, now()), 3);
    const scope = { accountId: '320000000002', region: 'us-east-1' };
    await measure('recordEc2Statuses (every node changed)', () => recordEc2Statuses(prisma, statusesOf((run += 1)), now(), scope), 3);
    await measure('recordEc2Statuses (nothing changed, nothing written)', () => recordEc2Statuses(prisma, statusesOf(run), now(), scope), 3);
    await measure('recordAgents (one transaction)', () => recordAgents(prisma, agents, now()), 3);
    await measure('recordExporterSignals (one statement)', () => recordExporterSignals(prisma, exporter, now()), 3);
    const first = await timed(() => evaluateNodeHealth({ prisma, config, now }));
    console.log(`  evaluateNodeHealth first pass: ${first.ms.toFixed(0)} ms, ${first.value.changed} changes, ${first.value.findings} findings`);
    await measure('evaluateNodeHealth (read, assess, write, reconcile)', () => evaluateNodeHealth({ prisma, config, now }), 3);
    const counts = await nodeStatusCounts(prisma);
    console.log(`  statuses: ${['healthy', 'degraded', 'unhealthy', 'unknown'].map((s) => `${s} ${counts.filter((c) => c.status === s).reduce((n, c) => n + c.count, 0)}`).join(', ')}`);
    const queries: [string, NodeQuery][] = [
      ['list: first page, worst first', { limit: 100 }],
      ['list: unhealthy rhel8-builder with disk-full', { status: ['unhealthy'], workerType: ['rhel8-builder'], reason: ['disk-full'], limit: 100 }],
      ['list: sorted by disk used, page 30', { sort: 'diskUsedPercent', direction: 'desc', offset: 2900, limit: 100 }],
      ['list: agent offline', { agent: ['offline'], limit: 100 }],
      ['list: search part of an instance id', { search: '0000000000a1', limit: 100 }],
    ];
    for (const [label, query] of queries) await measure(label, () => listNodes(prisma, query));
    // What the page asks for at once: the page and every filter's counts under the other filters.
    const pageQuery: NodeQuery = { status: ['unhealthy'], workerType: ['rhel8-builder'], limit: 100 };
    await measure('page + its seven facet counts (nodes.list)', () => Promise.all([listNodes(prisma, pageQuery), nodeFacets(prisma, pageQuery)]));
    await measure('nodeStatusCounts (overview)', () => nodeStatusCounts(prisma));
  } finally {
    await db.cleanup();
  }
}

for (const target of TARGETS) await bench(target);
console.log(`rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
