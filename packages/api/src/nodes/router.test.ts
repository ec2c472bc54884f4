import type { ExporterRecord, FleetConfig } from '@fleet/core';
import { type AgentRecord, recordAgents, recordEc2Statuses, recordExporterSignals, recordSyncFailure, recordSyncSuccess, syncNodesFromGroups } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthReport } from '../sources/healthz.ts';
import { evaluateNodeHealth } from '@fleet/sync';
import { type Caller, callerWith, testConfig } from '../test/harness.ts';

const ACCOUNT = '320000000002';
const REGION = 'us-east-1';
const START = Date.UTC(2026, 10, 28, 12, 0);
const at = (minute: number) => new Date(START + minute * 60_000);
/** The time of every read after the seed: the sync's last pass was a minute before. */
const NOW = at(121);

const id = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;
const RHEL8 = 'ci-int-jenkins-worker-rhel8-builder';
const CENTOS7 = 'ci-int-jenkins-worker-centos7-tester';
const AMI = 'ami-0aaaaaaaaaaaaaaa1';
const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';

// rhel8-builder: 1 healthy, 2 and 3 full disks (3 also offline for an hour), 4 busy; 5 left the group.
// centos7-tester: 6 full disk, 7 healthy, 8 exporter down. Jenkins also has an agent of no instance: 9.
const FULL = { diskUsedPercent: 97, diskMountpoint: '/var/lib/jenkins' };
const exporterOf: Record<number, Partial<ExporterRecord>> = { 2: FULL, 3: FULL, 4: { loadPerCore: 3 }, 6: FULL, 8: { up: false, error: 'connection refused', diskUsedPercent: null, diskMountpoint: null, inodesUsedPercent: null, loadPerCore: null, memoryAvailablePercent: null, bootTime: null } };
const agentOf: Record<number, Partial<AgentRecord>> = { 3: { offline: true, offlineCauseReason: 'Connection was broken: java.io.EOFException\n\tat hudson.remoting' } };

function agent(n: number): AgentRecord {
  return { name: id(n), controller: 'ci-int', offline: false, temporarilyOffline: false, offlineCauseReason: '', numExecutors: 2, busyExecutors: n % 2, ...agentOf[n] };
}

function exporter(n: number): ExporterRecord {
  return {
    instanceId: id(n),
    up: true,
    error: null,
    diskUsedPercent: 40 + n,
    diskMountpoint: '/',
    inodesUsedPercent: 10,
    loadPerCore: 0.5,
    memoryAvailablePercent: 60,
    diskFullInHours: null,
    inodesFullInHours: null,
    bootTime: at(1),
    ...exporterOf[n],
  };
}

async function seedGroup(db: TestDatabase, name: string, workerType: string, members: number[], gone: number[] = []) {
  await db.prisma.asg.create({
    data: { name, accountId: ACCOUNT, region: REGION, arn: `arn:${name}`, workerType, minSize: 0, maxSize: 10, desiredCapacity: members.length, tags: {}, firstSeenAt: at(0), lastSeenAt: at(0) },
  });
  await db.prisma.asgInstance.createMany({
    data: members.map((n) => ({
      instanceId: id(n),
      asgName: name,
      availabilityZone: n % 2 ? 'us-east-1a' : 'us-east-1b',
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
      imageId: AMI,
      privateIp: `127.10.0.${n}`,
      launchTime: at(0),
      firstSeenAt: at(0),
      lastSeenAt: at(0),
      goneAt: gone.includes(n) ? at(30) : null,
    })),
  });
}

/** Two passes of every node sync, an hour apart, and the health evaluation after each, as the worker runs them. */
async function syncPass(db: TestDatabase, config: FleetConfig, when: Date) {
  await db.prisma.asgInstance.updateMany({ where: { goneAt: null }, data: { lastSeenAt: when } });
  await syncNodesFromGroups(db.prisma, when);
  const live = [1, 2, 3, 4, 6, 7, 8];
  await recordEc2Statuses(db.prisma, live.map((n) => ({ instanceId: id(n), state: 'running', systemStatus: 'ok', instanceStatus: 'ok', events: [] })), when, { accountId: ACCOUNT, region: REGION });
  await recordAgents(db.prisma, [...live, 9].map(agent), when);
  await recordExporterSignals(db.prisma, live.map(exporter), when);
  for (const [key, kind, accountId, region] of [
    [`autoscaling.groups:${ACCOUNT}:${REGION}`, 'autoscaling.groups', ACCOUNT, REGION],
    [`ec2.instance-status:${ACCOUNT}:${REGION}`, 'ec2.instance-status', ACCOUNT, REGION],
    ['jenkins.agents', 'jenkins.agents', null, null],
    ['nodes.health', 'nodes.health', null, null],
  ] as const) {
    await recordSyncSuccess(db.prisma, { key, kind, accountId, region, durationMs: 5, itemCount: 8, at: when });
  }
  await recordSyncSuccess(db.prisma, { key: 'prometheus.node-exporter', kind: 'prometheus.node-exporter', durationMs: 5, itemCount: 7, at: when });
  await evaluateNodeHealth({ prisma: db.prisma, config, now: () => when });
}

describe.each(testDatabases())('the nodes API on $name', (target) => {
  let db: TestDatabase;
  let config: FleetConfig;
  let viewer: Caller;

  beforeAll(async () => {
    db = await target.open();
    config = {
      ...testConfig(),
      jenkins: { controllers: [{ name: 'ci-int', url: 'https://jenkins.example.com/', tokenEnv: 'JENKINS_TOKEN', agents: true }], agentOnlineTimeout: 180_000 },
      prometheus: { url: 'http://127.0.0.1:9090', instanceLabel: 'instance', timeout: 10_000 },
    };
    await db.prisma.ami.create({
      data: { imageId: AMI, accountId: '310000000001', region: REGION, name: 'rhel8-builder-42', state: 'available', creationDate: at(0), currentCommit: SHA, tags: {}, firstSeenAt: at(0), lastSeenAt: at(0) },
    });
    await seedGroup(db, RHEL8, 'rhel8-builder', [1, 2, 3, 4, 5], [5]);
    await seedGroup(db, CENTOS7, 'centos7-tester', [6, 7, 8]);
    await syncPass(db, config, at(60));
    await syncPass(db, config, at(120));
    // alice is a viewer through "*"; the demo's anonymous reader would do too, but a user is what the portal sees.
    const anonymous = callerWith(db.prisma, config, {}, () => NOW);
    await anonymous.api.auth.signIn({ user: 'alice', password: 'demo' });
    viewer = callerWith(db.prisma, config, { cookie: (anonymous.resHeaders.get('set-cookie') ?? '').split(';')[0]! }, () => NOW);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
  });

  it('lists the worst first, with every signal, the AMI’s commit and the reasons', async () => {
    const page = await viewer.api.nodes.list();
    expect(page.total).toBe(8);
    // Unhealthy, then degraded, then healthy; within each the worst reasons first: 3 is offline besides
    // its full disk, high load outweighs a silent exporter, and 9 (no instance) also misses a signal.
    expect(page.items.map((n) => [n.instanceId, n.status])).toEqual([
      [id(3), 'unhealthy'],
      [id(2), 'unhealthy'],
      [id(6), 'unhealthy'],
      [id(4), 'degraded'],
      [id(9), 'degraded'],
      [id(8), 'degraded'],
      [id(1), 'healthy'],
      [id(7), 'healthy'],
    ]);
    const offline = page.items.find((n) => n.instanceId === id(3))!;
    expect(offline).toMatchObject({
      workerType: 'rhel8-builder',
      asgName: RHEL8,
      availabilityZone: 'us-east-1a',
      ami: { imageId: AMI, known: true, name: 'rhel8-builder-42', commit: SHA, commitUrl: `https://gitlab.example.com/app-sre/infra/-/commit/${SHA}` },
      launchTime: at(0),
      bootTime: at(1),
      asg: { lifecycleState: 'InService', healthStatus: 'Healthy', stale: false },
      ec2: { state: 'running', systemStatus: 'ok', instanceStatus: 'ok', events: [], observedAt: at(120), ageMs: 60_000, stale: false },
      agent: { state: 'offline', offlineSince: at(60), executors: 2, busyExecutors: 1, observedAt: at(120), stale: false },
      exporter: { up: true, diskUsedPercent: 97, diskMountpoint: '/var/lib/jenkins', loadPerCore: 0.5, memoryAvailablePercent: 60, stale: false },
      statusSince: at(60),
    });
    expect(offline.agent!.offlineCause).toContain('Connection was broken');
    expect(offline.reasons.map((r) => r.code).sort()).toEqual(['agent-offline', 'disk-full']);
    expect(offline.reasons.find((r) => r.code === 'disk-full')!.message).toContain('/var/lib/jenkins');
    expect(page.sources).toMatchObject({ ec2Status: { state: 'ok', lastSuccessAt: at(120) }, jenkins: { state: 'ok' }, prometheus: { state: 'ok' }, health: { state: 'ok' } });
  });

  it('narrows to unhealthy rhel8 builders with a full disk, and counts what each other filter would find', async () => {
    const page = await viewer.api.nodes.list({ status: ['unhealthy'], workerType: ['rhel8-builder'], reason: ['disk-full'] });
    // 3 is offline besides its full disk: it comes first.
    expect(page.items.map((n) => n.instanceId)).toEqual([id(3), id(2)]);
    expect(page.total).toBe(2);
    // Each facet counts under the other filters: the worker types of unhealthy full disks, the reasons of unhealthy rhel8 builders.
    expect(page.facets.workerTypes).toEqual([
      { value: 'centos7-tester', count: 1 },
      { value: 'rhel8-builder', count: 2 },
    ]);
    expect(page.facets.reasons).toEqual([
      { value: 'disk-full', count: 2 },
      { value: 'agent-offline', count: 1 },
    ]);
    expect(page.facets.statuses).toEqual([{ value: 'unhealthy', count: 2 }]);
    expect(page.facets.agents).toEqual([
      { value: 'offline', count: 1 },
      { value: 'online', count: 1 },
    ]);
  });

  it('filters by agent state, zone, group and search, and shows nodes that left only when asked', async () => {
    expect((await viewer.api.nodes.list({ agent: ['offline'] })).items.map((n) => n.instanceId)).toEqual([id(3)]);
    expect((await viewer.api.nodes.list({ availabilityZone: ['us-east-1b'], asgName: [CENTOS7] })).items.map((n) => n.instanceId)).toEqual([id(6), id(8)]);
    expect((await viewer.api.nodes.list({ search: '00000000000000007' })).items.map((n) => n.instanceId)).toEqual([id(7)]);
    expect((await viewer.api.nodes.list({ search: '127.10.0.4' })).items.map((n) => n.instanceId)).toEqual([id(4)]);
    expect((await viewer.api.nodes.list({ asgName: [RHEL8] })).total).toBe(4);
    const withGone = await viewer.api.nodes.list({ asgName: [RHEL8], includeGone: true });
    expect(withGone.items.find((n) => n.instanceId === id(5))?.goneAt).toEqual(at(30));
  });

  it('filters by Auto Scaling lifecycle state and finds a commit’s nodes by a prefix of its sha', async () => {
    const inService = await viewer.api.nodes.list({ lifecycleState: ['InService'], sort: 'instanceId' });
    // The agent with no instance (9) has no lifecycle state.
    expect(inService.items.map((n) => n.instanceId)).toEqual([1, 2, 3, 4, 6, 7, 8].map(id));
    expect(inService.facets.lifecycleStates).toEqual([{ value: 'InService', count: 7 }]);
    expect((await viewer.api.nodes.list({ lifecycleState: ['Terminating:Wait'] })).total).toBe(0);

    const bySha = await viewer.api.nodes.list({ search: SHA.slice(0, 10).toUpperCase(), sort: 'instanceId' });
    expect(bySha.items.map((n) => n.instanceId)).toEqual([1, 2, 3, 4, 6, 7, 8].map(id));
    expect((await viewer.api.nodes.list({ search: 'deadbeef00' })).total).toBe(0);
    // Six hex digits are too few for a commit: only ids, AMIs and addresses are searched.
    expect((await viewer.api.nodes.list({ search: SHA.slice(0, 6) })).total).toBe(0);
  });

  it('sorts and pages in the database', async () => {
    const byDisk = await viewer.api.nodes.list({ sort: 'diskUsedPercent', direction: 'desc', offset: 3, limit: 2 });
    expect(byDisk).toMatchObject({ total: 8, offset: 3, limit: 2 });
    // 97, 97, 97, then the other disks at 40 + n: 47 (7), 44 (4), 41 (1); 8 and 9 have none and go last.
    expect(byDisk.items.map((n) => [n.instanceId, n.exporter?.diskUsedPercent])).toEqual([
      [id(7), 47],
      [id(4), 44],
    ]);
    const byId = await viewer.api.nodes.list({ sort: 'instanceId', limit: 500 });
    expect(byId.items.map((n) => n.instanceId)).toEqual([1, 2, 3, 4, 6, 7, 8, 9].map(id));
  });

  it('says which sources are missing or failing', async () => {
    const bare = callerWith(db.prisma, { ...config, prometheus: undefined }, {}, () => NOW);
    const { sources } = await bare.api.nodes.list({ limit: 1 });
    expect(sources.prometheus).toEqual({ state: 'not-configured', lastSuccessAt: null, error: null });

    const later = callerWith(db.prisma, config, {}, () => at(200));
    expect((await later.api.nodes.list({ limit: 1 })).sources.jenkins).toMatchObject({ state: 'failing', lastSuccessAt: at(120), error: { code: 'stale' } });

    await recordSyncFailure(db.prisma, { key: 'jenkins.agents', kind: 'jenkins.agents', durationMs: 5, errorCode: 'jenkins-auth', errorMessage: 'Jenkins rejected the token: check JENKINS_TOKEN', at: at(121) });
    try {
      const { sources: failing } = await viewer.api.nodes.list({ limit: 1 });
      expect(failing.jenkins).toEqual({ state: 'failing', lastSuccessAt: at(120), error: { code: 'jenkins-auth', message: 'Jenkins rejected the token: check JENKINS_TOKEN', at: at(121) } });
    } finally {
      await recordSyncSuccess(db.prisma, { key: 'jenkins.agents', kind: 'jenkins.agents', durationMs: 5, itemCount: 8, at: at(120) });
    }
  });

  it('lists a source’s warnings with its freshness, for every page and /healthz', async () => {
    const warning = 'remote read: partial data from store "s3"';
    await recordSyncSuccess(db.prisma, { key: 'prometheus.node-exporter', kind: 'prometheus.node-exporter', durationMs: 5, itemCount: 7, warnings: [warning], at: at(120) });
    try {
      const sources = await viewer.api.sources.list();
      expect(sources.find((s) => s.key === 'prometheus.node-exporter')).toMatchObject({ state: 'fresh', warnings: [warning] });
      expect(sources.find((s) => s.key === 'jenkins.agents')).toMatchObject({ warnings: [] });
      const report = await healthReport(db.prisma, config, NOW);
      expect(report.sources.find((s) => s.key === 'prometheus.node-exporter')).toMatchObject({ state: 'fresh', warnings: [warning] });
    } finally {
      await recordSyncSuccess(db.prisma, { key: 'prometheus.node-exporter', kind: 'prometheus.node-exporter', durationMs: 5, itemCount: 7, at: at(120) });
    }
  });

  it('describes one node with its history, findings and links', async () => {
    const node = await viewer.api.nodes.get({ instanceId: id(3) });
    expect(node).toMatchObject({
      instanceId: id(3),
      status: 'unhealthy',
      asgKnown: true,
      agentName: id(3),
      jenkinsUrl: `https://jenkins.example.com/computer/${id(3)}/`,
      metricsUrl: `http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent(`{instance="${id(3)}"}`)}&g0.tab=1`,
      historyTotal: 1,
    });
    expect(node.history).toEqual([{ id: expect.any(String), at: at(60), fromStatus: null, toStatus: 'unhealthy', reasons: expect.any(Array) }]);
    expect(node.findings).toEqual([
      expect.objectContaining({ kind: 'agent-offline-instance-healthy', instanceId: id(3), since: at(60), resolvedAt: null, lastedMs: 61 * 60_000 }),
    ]);
  });

  it('keeps a node’s status changes newest first', async () => {
    const healthy = await viewer.api.nodes.get({ instanceId: id(7) });
    expect(healthy.history.map((c) => [c.fromStatus, c.toStatus])).toEqual([[null, 'healthy']]);
    expect(healthy.findings).toEqual([]);
    await db.prisma.nodeStatusChange.create({ data: { instanceId: id(7), at: at(121), fromStatus: 'healthy', toStatus: 'degraded', reasons: [{ code: 'load-high', severity: 'degraded', message: 'load 3 per core', signal: 'exporter' }] } });
    const changed = await viewer.api.nodes.get({ instanceId: id(7) });
    expect(changed.history.map((c) => [c.fromStatus, c.toStatus, c.reasons.map((r) => r.code)])).toEqual([
      ['healthy', 'degraded', ['load-high']],
      [null, 'healthy', []],
    ]);
  });

  it('answers NOT_FOUND for a node it never saw, and BAD_REQUEST for what is not an instance id', async () => {
    await expect(viewer.api.nodes.get({ instanceId: id(99) })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`has not seen a node ${id(99)}`) });
    const bad = await viewer.api.nodes.get({ instanceId: 'node-1' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toContain('must be an EC2 instance id');
  });

  it('refuses bad filters with messages that say what is allowed', async () => {
    const message = (input: unknown) =>
      viewer.api.nodes.list(input as never).then(
        () => 'accepted',
        (e: TRPCError) => `${e.code}: ${e.message}`,
      );
    expect(await message({ limit: 501 })).toMatch(/^BAD_REQUEST: .*at most 500 nodes a page/);
    expect(await message({ status: ['sick'] })).toMatch(/must be one of healthy, degraded, unhealthy, unknown/);
    expect(await message({ reason: ['disk-ful'] })).toMatch(/must be a reason code: asg-unhealthy,/);
    expect(await message({ sort: 'uptime' })).toMatch(/must be one of status, instanceId/);
    expect(await message({ workerType: ['rhel8 builder'] })).toMatch(/must be a worker type key/);
    expect(await message({ offset: -1 })).toMatch(/cannot be negative/);
    expect(await message({ lifecycleState: ['In Service'] })).toMatch(/must be an Auto Scaling lifecycle state such as InService/);
    expect(await message({ colour: 'red' })).toMatch(/BAD_REQUEST.*colour/);
  });

  it('summarises per worker type, points at the worst nodes and counts open findings', async () => {
    const summary = await viewer.api.nodes.summary({ worst: 3 });
    expect(summary.workerTypes.map((w) => w.workerType)).toEqual([...config.workerTypes.map((w) => w.key), '(none)']);
    expect(summary.workerTypes.find((w) => w.workerType === 'rhel8-builder')).toEqual({
      workerType: 'rhel8-builder',
      configured: true,
      counts: { healthy: 1, degraded: 1, unhealthy: 2, unknown: 0 },
      total: 4,
    });
    expect(summary.workerTypes.find((w) => w.workerType === 'rhel8-gpu')).toMatchObject({ counts: { healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 }, total: 0 });
    expect(summary.worst.map((n) => n.status)).toEqual(['unhealthy', 'unhealthy', 'unhealthy']);
    expect(summary.openFindings).toEqual([
      { kind: 'agent-offline-instance-healthy', count: 1 },
      { kind: 'agent-without-instance', count: 1 },
    ]);
    expect(summary.sources.health.state).toBe('ok');
  });

  it('lists findings with how long each has lasted, resolved ones on request', async () => {
    const open = await viewer.api.nodes.findings();
    expect(open.items.map((f) => [f.kind, f.instanceId, f.lastedMs])).toEqual([
      ['agent-offline-instance-healthy', id(3), 61 * 60_000],
      ['agent-without-instance', id(9), 61 * 60_000],
    ]);
    await db.prisma.nodeFinding.create({
      data: { id: `instance-without-agent:${id(7)}`, kind: 'instance-without-agent', instanceId: id(7), message: 'no agent', since: at(10), lastSeenAt: at(20), resolvedAt: at(25) },
    });
    const all = await viewer.api.nodes.findings({ includeResolved: true, kind: 'instance-without-agent' });
    expect(all).toEqual({ total: 1, items: [expect.objectContaining({ instanceId: id(7), resolvedAt: at(25), lastedMs: 15 * 60_000 })] });
    expect((await viewer.api.nodes.findings({ kind: 'instance-without-agent' })).total).toBe(0);
  });
});
