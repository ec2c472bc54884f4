import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countRowWrites, TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '../testing/index.ts';
import { seedGroup as seedGroupRows } from './group-fixture.ts';
import { recordFindings, recordNodeHealth } from './node-health-store.ts';
import { listNodes, nodeStatusCounts } from './node-list.ts';
import { findNode } from './node-reads.ts';
import { SEEN_BY } from './node-seen.ts';
import { type AgentRecord, type Ec2StatusRecord, recordAgents, recordEc2Statuses, recordExporterSignals, syncNodesFromGroups } from './node-signals.ts';

const SCOPE = { accountId: '320000000002', region: 'us-east-1' };
const running = (instanceId: string, instanceStatus: Ec2StatusRecord['instanceStatus'] = 'ok'): Ec2StatusRecord => ({
  instanceId,
  state: 'running',
  systemStatus: 'ok',
  instanceStatus,
  events: [],
});
const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 12, minute));
const agent = (name: string, over: Partial<AgentRecord> = {}): AgentRecord => ({
  name,
  controller: 'ci-int',
  offline: false,
  temporarilyOffline: false,
  offlineCauseReason: '',
  numExecutors: 2,
  busyExecutors: 1,
  ...over,
});

describe.each(testDatabases())('nodes on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
  });

  const seedGroup = (name: string, workerType: string, instanceIds: string[], gone: string[] = []) =>
    seedGroupRows(db.prisma, { name, workerType, instanceIds, at: at(0), gone: { ids: gone, at: at(1) } });

  beforeEach(async () => {
    await db.prisma.nodeFinding.deleteMany();
    await db.prisma.node.deleteMany();
    await db.prisma.asg.deleteMany();
    await db.prisma.syncSource.deleteMany();
  });

  it('makes a node of every instance of the groups, with its group, worker type and AMI', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a', 'i-0b'], ['i-0b']);
    await syncNodesFromGroups(db.prisma, at(2));
    const nodes = await db.prisma.node.findMany({ orderBy: { instanceId: 'asc' } });
    expect(nodes.map((n) => [n.instanceId, n.asgName, n.workerType, n.lifecycleState, n.goneAt])).toEqual([
      ['i-0a', 'pool-a', 'rhel8-builder', 'InService', null],
      ['i-0b', 'pool-a', 'rhel8-builder', 'InService', at(1)],
    ]);
    expect((await listNodes(db.prisma, {})).items.map((n) => n.instanceId)).toEqual(['i-0a']);
  });

  it('writes EC2 status checks and events to their node only', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a', 'i-0b']);
    await syncNodesFromGroups(db.prisma, at(2));
    const events = [{ code: 'instance-retirement', description: 'The instance is running on degraded hardware', notBefore: at(60), notAfter: null }];
    await recordEc2Statuses(db.prisma, [{ instanceId: 'i-0a', state: 'running', systemStatus: 'ok', instanceStatus: 'impaired', events }], at(3), SCOPE);
    const [a, b] = await db.prisma.node.findMany({ orderBy: { instanceId: 'asc' } });
    expect(a).toMatchObject({ ec2State: 'running', ec2SystemStatus: 'ok', ec2InstanceStatus: 'impaired', ec2ObservedAt: at(3) });
    expect(a!.ec2Events).toEqual([{ ...events[0], notBefore: at(60).toISOString() }]);
    expect(b).toMatchObject({ ec2State: null, ec2ObservedAt: null });
  });

  it('writes a node only when its group or EC2 reading changes; one still listed was seen at its source’s last good read', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a', 'i-0b', 'i-0c']);
    const succeeded = (kind: string, when: Date) =>
      db.prisma.syncSource.upsert({
        where: { key: `${kind}:${SCOPE.accountId}:${SCOPE.region}` },
        create: { key: `${kind}:${SCOPE.accountId}:${SCOPE.region}`, kind, ...SCOPE, lastSuccessAt: when, lastAttemptAt: when },
        update: { lastSuccessAt: when, lastAttemptAt: when },
      });
    await syncNodesFromGroups(db.prisma, at(2));
    expect(await recordEc2Statuses(db.prisma, ['i-0a', 'i-0b', 'i-0c'].map((id) => running(id)), at(3), SCOPE)).toBe(3);
    await succeeded(SEEN_BY.groups, at(2));
    await succeeded(SEEN_BY.ec2Status, at(3));
    const before = await db.prisma.node.findMany({ orderBy: { instanceId: 'asc' } });
    expect(before.map((n) => [n.region, n.ec2Listed])).toEqual([
      ['us-east-1', true],
      ['us-east-1', true],
      ['us-east-1', true],
    ]);

    // Ten minutes on: the same group copy and listing change no row, a changed check writes one
    // node, and i-0c is gone from EC2's listing.
    await syncNodesFromGroups(db.prisma, at(12));
    expect(await recordEc2Statuses(db.prisma, [running('i-0a'), running('i-0b', 'impaired')], at(13), SCOPE)).toBe(2);
    await succeeded(SEEN_BY.groups, at(12));
    await succeeded(SEEN_BY.ec2Status, at(13));
    const after = await db.prisma.node.findMany({ orderBy: { instanceId: 'asc' } });
    expect(after[0]).toEqual(before[0]);
    expect(after.map((n) => [n.instanceId, n.ec2InstanceStatus, n.ec2Listed, n.ec2ObservedAt])).toEqual([
      ['i-0a', 'ok', true, at(3)],
      ['i-0b', 'impaired', true, at(13)],
      // Stamped with the last good read that still listed it: the one at minute 3.
      ['i-0c', 'ok', false, at(3)],
    ]);

    // Read back, a listed node was seen at each source's last good read; one no longer listed was not.
    const a = await findNode(db.prisma, 'i-0a');
    expect([a!.asgObservedAt, a!.ec2ObservedAt]).toEqual([at(12), at(13)]);
    expect((await findNode(db.prisma, 'i-0c'))!.ec2ObservedAt).toEqual(at(3));
    const listed = await listNodes(db.prisma, {});
    expect(listed.items.map((n) => [n.instanceId, n.asgObservedAt, n.ec2ObservedAt])).toEqual(
      expect.arrayContaining([
        ['i-0a', at(12), at(13)],
        ['i-0c', at(12), at(3)],
      ]),
    );

    // Listed again, it is written again.
    expect(await recordEc2Statuses(db.prisma, [running('i-0a'), running('i-0b', 'impaired'), running('i-0c')], at(23), SCOPE)).toBe(1);
    expect(await db.prisma.node.findUnique({ where: { instanceId: 'i-0c' } })).toMatchObject({ ec2Listed: true, ec2ObservedAt: at(23) });
  });

  it('leaves the nodes of another account or region alone when a listing does not have them', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a']);
    await syncNodesFromGroups(db.prisma, at(2));
    await recordEc2Statuses(db.prisma, [running('i-0a')], at(3), SCOPE);
    expect(await recordEc2Statuses(db.prisma, [], at(4), { ...SCOPE, region: 'eu-west-1' })).toBe(0);
    expect(await recordEc2Statuses(db.prisma, [], at(4), { ...SCOPE, accountId: '320000000003' })).toBe(0);
    expect(await db.prisma.node.findUnique({ where: { instanceId: 'i-0a' } })).toMatchObject({ ec2Listed: true, ec2ObservedAt: at(3) });
  });

  it('keeps when an agent went offline across syncs, and marks nodes Jenkins has no agent for', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a', 'i-0b']);
    await syncNodesFromGroups(db.prisma, at(2));
    await recordAgents(db.prisma, [agent('i-0a', { offline: true, offlineCauseReason: 'Connection was broken' })], at(3));
    await recordAgents(db.prisma, [agent('i-0a', { offline: true, offlineCauseReason: 'Connection was broken' })], at(4));
    const [a, b] = await db.prisma.node.findMany({ orderBy: { instanceId: 'asc' } });
    expect(a).toMatchObject({ agentPresent: true, agentOffline: true, agentOfflineCause: 'Connection was broken', agentOfflineSince: at(3), agentObservedAt: at(4) });
    expect(b).toMatchObject({ agentPresent: false, agentObservedAt: at(4) });

    await recordAgents(db.prisma, [agent('i-0a')], at(5));
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: 'i-0a' } })).toMatchObject({ agentOffline: false, agentOfflineSince: null, agentOfflineCause: null });
  });

  it('makes a node of an agent whose instance the portal never saw', async () => {
    await recordAgents(db.prisma, [agent('i-0dead')], at(3));
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: 'i-0dead' } })).toMatchObject({ asgName: null, agentPresent: true, firstSeenAt: at(3) });
  });

  it('writes node-exporter figures', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a']);
    await syncNodesFromGroups(db.prisma, at(2));
    const figures = { up: true, error: null, diskUsedPercent: 96.5, diskMountpoint: '/var/lib/jenkins', inodesUsedPercent: 12, loadPerCore: 0.4, memoryAvailablePercent: 55, diskFullInHours: 5.5, inodesFullInHours: null, bootTime: at(0) };
    await recordExporterSignals(db.prisma, [{ instanceId: 'i-0a', ...figures }], at(3));
    const { up, error, ...columns } = figures;
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: 'i-0a' } })).toMatchObject({ ...columns, exporterUp: up, exporterError: error, exporterObservedAt: at(3) });
  });

  it('records a status change once, keeps the time the status began, and writes nothing when judged as before', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-0a']);
    await syncNodesFromGroups(db.prisma, at(2));
    const full = { code: 'disk-full', severity: 'unhealthy', message: '/ is 96 % full', signal: 'exporter' };
    await recordNodeHealth(db.prisma, [{ instanceId: 'i-0a', status: 'healthy', reasons: [] }], at(3));
    await recordNodeHealth(db.prisma, [{ instanceId: 'i-0a', status: 'unhealthy', reasons: [full] }], at(4));
    const writes = await countRowWrites(db.prisma);
    await recordNodeHealth(db.prisma, [{ instanceId: 'i-0a', status: 'unhealthy', reasons: [full] }], at(5));
    expect(await writes.writes()).toEqual({});
    await writes.stop();
    const node = await db.prisma.node.findUniqueOrThrow({ where: { instanceId: 'i-0a' }, include: { changes: { orderBy: { at: 'asc' } } } });
    expect(node).toMatchObject({ status: 'unhealthy', statusRank: 3, reasonCodes: ['disk-full'], statusSince: at(4), evaluatedAt: at(4) });
    expect(node.changes.map((c) => [c.fromStatus, c.toStatus, c.at])).toEqual([
      [null, 'healthy', at(3)],
      ['healthy', 'unhealthy', at(4)],
    ]);
  });

  it('opens findings while they hold and resolves them when they stop', async () => {
    const stale = { kind: 'agent-without-instance', instanceId: null, agentName: 'i-0dead', message: 'agent i-0dead has no instance', since: at(1) };
    await recordFindings(db.prisma, [stale], at(2));
    await recordFindings(db.prisma, [stale], at(3));
    expect(await db.prisma.nodeFinding.findMany()).toEqual([expect.objectContaining({ kind: 'agent-without-instance', since: at(1), lastSeenAt: at(3), resolvedAt: null })]);
    await recordFindings(db.prisma, [], at(4));
    expect(await db.prisma.nodeFinding.findMany()).toEqual([expect.objectContaining({ resolvedAt: at(4) })]);
    // Back again: a new spell, starting when the rules say.
    await recordFindings(db.prisma, [{ ...stale, since: at(5) }], at(6));
    expect(await db.prisma.nodeFinding.findMany()).toEqual([expect.objectContaining({ since: at(5), lastSeenAt: at(6), resolvedAt: null })]);
  });

  it('dates a finding whose start the rules cannot tell from the first time it was seen', async () => {
    const missing = { kind: 'instance-without-agent', instanceId: 'i-0b', agentName: null, message: 'no agent', since: null };
    await recordFindings(db.prisma, [missing, missing], at(2));
    await recordFindings(db.prisma, [missing], at(3));
    expect(await db.prisma.nodeFinding.findMany()).toEqual([expect.objectContaining({ id: 'instance-without-agent:i-0b', since: at(2), lastSeenAt: at(3) })]);
  });

  it('sorts nodes of one status worst first by their reasons, not by instance id, on every page', async () => {
    await seedGroup('pool-a', 'rhel8-builder', ['i-01', 'i-02', 'i-03', 'i-04']);
    await syncNodesFromGroups(db.prisma, at(2));
    const reason = (code: string, severity: string) => ({ code, severity, message: code, signal: 'exporter' });
    await recordNodeHealth(
      db.prisma,
      [
        { instanceId: 'i-01', status: 'unhealthy', reasons: [reason('signal-stale', 'unhealthy')] },
        { instanceId: 'i-02', status: 'unhealthy', reasons: [reason('disk-full', 'unhealthy')] },
        { instanceId: 'i-03', status: 'unhealthy', reasons: [reason('ec2-instance-impaired', 'unhealthy'), reason('agent-offline', 'unhealthy')] },
        { instanceId: 'i-04', status: 'degraded', reasons: [reason('ec2-instance-impaired', 'degraded')] },
      ],
      at(3),
    );
    const ids = async (query: Parameters<typeof listNodes>[1]) => (await listNodes(db.prisma, query)).items.map((n) => n.instanceId);
    expect(await ids({})).toEqual(['i-03', 'i-02', 'i-01', 'i-04']);
    expect([...(await ids({ limit: 2 })), ...(await ids({ offset: 2, limit: 2 }))]).toEqual(['i-03', 'i-02', 'i-01', 'i-04']);
    expect(await ids({ sort: 'status', direction: 'asc' })).toEqual(['i-04', 'i-01', 'i-02', 'i-03']);
  });

  it('pages, sorts and filters 6,000 nodes in the database', async () => {
    const ids = Array.from({ length: 6000 }, (_, i) => `i-0${i.toString(16).padStart(16, '0')}`);
    await seedGroup('pool-big', 'rhel8-builder', ids.slice(0, 4000));
    await seedGroup('pool-small', 'centos7-tester', ids.slice(4000));
    await syncNodesFromGroups(db.prisma, at(2));
    // Every 10th node is unhealthy with a full disk, every 7th degraded with high load; disk use varies with the index.
    await recordExporterSignals(
      db.prisma,
      ids.map((instanceId, i) => ({ instanceId, up: true, error: null, diskUsedPercent: i % 10 === 0 ? 97 : (i % 80), diskMountpoint: null, inodesUsedPercent: 5, loadPerCore: i % 7 === 0 ? 3 : 0.2, memoryAvailablePercent: 60, diskFullInHours: null, inodesFullInHours: null, bootTime: null })),
      at(3),
    );
    await recordNodeHealth(
      db.prisma,
      ids.map((instanceId, i) =>
        i % 10 === 0
          ? { instanceId, status: 'unhealthy' as const, reasons: [{ code: 'disk-full', severity: 'unhealthy', message: 'full', signal: 'exporter' }] }
          : i % 7 === 0
            ? { instanceId, status: 'degraded' as const, reasons: [{ code: 'load-high', severity: 'degraded', message: 'busy', signal: 'exporter' }] }
            : { instanceId, status: 'healthy' as const, reasons: [] },
      ),
      at(4),
    );

    const worst = await listNodes(db.prisma, { limit: 50 });
    expect(worst.total).toBe(6000);
    expect(worst.items).toHaveLength(50);
    expect(worst.items.every((n) => n.status === 'unhealthy')).toBe(true);

    const fullSmall = await listNodes(db.prisma, { status: ['unhealthy'], workerType: ['centos7-tester'], reason: ['disk-full'], limit: 1000 });
    expect(fullSmall.total).toBe(ids.slice(4000).filter((_, i) => (i + 4000) % 10 === 0).length);
    expect(fullSmall.items.every((n) => n.workerType === 'centos7-tester' && n.reasonCodes.includes('disk-full'))).toBe(true);

    const byDisk = await listNodes(db.prisma, { sort: 'diskUsedPercent', direction: 'desc', offset: 600, limit: 100 });
    const disks = byDisk.items.map((n) => n.diskUsedPercent!);
    expect(disks).toEqual([...disks].sort((a, b) => b - a));
    expect(disks[0]).toBeLessThan(97);

    const pages = await Promise.all([0, 1, 2].map((page) => listNodes(db.prisma, { sort: 'instanceId', offset: page * 2000, limit: 2000 })));
    expect(new Set(pages.flatMap((p) => p.items.map((n) => n.instanceId))).size).toBe(6000);

    const counts = await nodeStatusCounts(db.prisma);
    expect(counts.find((c) => c.workerType === 'rhel8-builder' && c.status === 'unhealthy')?.count).toBe(400);
  });
});
