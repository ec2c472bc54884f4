import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asgsJob } from '../aws/groups.ts';
import { instanceStatusJob } from '../aws/instance-status.ts';
import { jenkinsAgentsJob } from '../jenkins/agents.ts';
import { nodeHealthJob } from './health.ts';
import { SyncScheduler } from '../scheduler.ts';

const demoYaml = readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8');
const HISTORY_END = new Date(Date.UTC(2025, 2, 14));

function nodeScenario(sim: Simulator) {
  const nodes = sim.world.scenario?.nodes;
  if (!nodes) throw new Error('the demo world has no node scenario');
  return nodes;
}

const reasonCodes = (reasons: unknown) => (reasons as { code: string }[]).map((r) => r.code);

describe.each(testDatabases())('syncing node health from EC2 and Jenkins into $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let dataDir: string;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  // The portal's clock starts an hour back and moves forward in steps, never past the database's
  // own clock, which times the sync leases.
  let clock = new Date(Date.now() - 3_600_000);
  const prod = () => config.aws.productionAccounts[0]!;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-nodes-'));
    db = await target.open();
    // The world's clock stands still; the portal's clock is `clock`, moved by the tests.
    const worldAt = new Date(HISTORY_END.getTime() + 3_600_000);
    const plain = parseFleetConfig(demoYaml);
    if (!plain.ok) throw new Error('the demo config must be valid');
    sim = await startSimulator({ config: plain.config, dataDir, port: 0, historyEnd: HISTORY_END, clock: () => worldAt, timeScale: 1 });
    const parsed = parseFleetConfig(`${demoYaml}\njenkins: { controllers: [{ name: ci-int, url: "${sim.jenkinsUrl}", user: ${JENKINS_DEMO_USER} }] }\n`);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join('; '));
    config = parsed.config;
    const clientConfig = { region: 'us-east-1', endpoint: sim.url, credentials: sim.credentialsFor(prod().id), maxAttempts: 3 };
    scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => clock }, [
      asgsJob(prod(), 'us-east-1', {
        intervalMs: 60_000,
        refreshingIntervalMs: 60_000,
        clients: { autoScaling: new AutoScalingClient(clientConfig), ec2: new EC2Client(clientConfig) },
      }),
      instanceStatusJob(prod(), 'us-east-1', 30_000, new EC2Client(clientConfig)),
      jenkinsAgentsJob(config.jenkins!, 30_000, { JENKINS_TOKEN: JENKINS_DEMO_TOKEN }),
      nodeHealthJob(30_000),
    ]);
    await syncAll();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await scheduler?.stop();
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The sources first, then the evaluation, as one worker pass would leave them. */
  async function syncAll() {
    for (const key of ['autoscaling.groups:' + prod().id + ':us-east-1', 'ec2.instance-status:' + prod().id + ':us-east-1', 'jenkins.agents']) {
      const outcome = await scheduler.runNow(key);
      expect(outcome, key).toMatchObject({ ok: true });
    }
    expect(await scheduler.runNow('nodes.health')).toMatchObject({ ok: true });
  }

  const node = (id: string | undefined) => db.prisma.node.findUniqueOrThrow({ where: { instanceId: id! } });

  it('makes a node of every instance of the fleet, with EC2 status and its Jenkins agent', async () => {
    const instances = await db.prisma.asgInstance.count({ where: { goneAt: null } });
    expect(instances).toBeGreaterThan(20);
    const nodes = await db.prisma.node.findMany({ where: { goneAt: null, asgName: { not: null } } });
    expect(nodes).toHaveLength(instances);
    expect(nodes.every((n) => n.ec2State !== null && n.ec2ObservedAt !== null)).toBe(true);
    const withAgents = nodes.filter((n) => n.agentPresent);
    expect(withAgents.length).toBeGreaterThan(instances - 5);
    expect(withAgents.every((n) => n.agentExecutors! > 0)).toBe(true);
  });

  it('reads the scenario’s EC2 and Jenkins failures as reasons', async () => {
    const scenario = nodeScenario(sim);
    expect(await node(scenario.instanceImpaired)).toMatchObject({ status: 'unhealthy', ec2InstanceStatus: 'impaired' });
    expect(reasonCodes((await node(scenario.instanceImpaired)).reasons)).toContain('ec2-instance-impaired');
    expect(reasonCodes((await node(scenario.scheduledRetirement)).reasons)).toContain('ec2-scheduled-event');
    const disconnected = await node(scenario.agentDisconnected);
    expect(disconnected).toMatchObject({ agentOffline: true, agentTemporarilyOffline: false, agentOfflineSince: clock });
    expect(reasonCodes(disconnected.reasons)).toContain('agent-offline');
    const cleanup = await node(scenario.agentTemporarilyOffline);
    expect(cleanup).toMatchObject({ agentTemporarilyOffline: true, status: 'degraded' });
    expect(reasonCodes((await node(scenario.noAgent)).reasons)).toContain('agent-missing');
  });

  it('says Prometheus is not configured rather than calling the disks healthy', async () => {
    const any = await node(nodeScenario(sim).diskAlmostFull);
    expect(any.diskUsedPercent).toBeNull();
    expect(any.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'source-missing', signal: 'exporter', message: expect.stringContaining('Prometheus is not configured') })]));
  });

  it('lists where AWS and Jenkins disagree, and keeps when each began', async () => {
    const scenario = nodeScenario(sim);
    const first = clock;
    // Ten minutes on: the offline agent has outlasted agentOfflineAfter (5m).
    clock = new Date(first.getTime() + 10 * 60_000);
    await syncAll();
    const findings = await db.prisma.nodeFinding.findMany({ where: { resolvedAt: null } });
    const byKind = (kind: string) => findings.filter((f) => f.kind === kind).map((f) => f.instanceId);
    expect(byKind('agent-without-instance')).toContain(scenario.staleAgent);
    expect(byKind('instance-without-agent')).toContain(scenario.noAgent);
    expect(byKind('agent-offline-instance-healthy')).toEqual([scenario.agentDisconnected]);
    expect(findings.find((f) => f.kind === 'agent-offline-instance-healthy')!.since).toEqual(first);
    expect(await node(scenario.agentDisconnected)).toMatchObject({ status: 'unhealthy', agentOfflineSince: first });
  });

  it('records a status change once, and resolves a finding when the agent comes back', async () => {
    const id = nodeScenario(sim).agentDisconnected!;
    const before = await db.prisma.nodeStatusChange.count({ where: { instanceId: id } });
    sim.world.nodes.set(id, { agent: { connection: 'online' } });
    clock = new Date(clock.getTime() + 60_000);
    await syncAll();
    await syncAll();
    const changes = await db.prisma.nodeStatusChange.findMany({ where: { instanceId: id }, orderBy: { at: 'asc' } });
    expect(changes).toHaveLength(before + 1);
    expect(changes.at(-1)).toMatchObject({ fromStatus: 'unhealthy', toStatus: 'healthy' });
    expect(await db.prisma.nodeFinding.findUniqueOrThrow({ where: { id: `agent-offline-instance-healthy:${id}` } })).toMatchObject({ resolvedAt: clock });
  });

  it('refuses an agent Jenkins describes with absurd numbers, says so on the source, keeps its last reading and reads the rest', async () => {
    const victim = await db.prisma.node.findFirstOrThrow({ where: { agentPresent: true, agentOffline: false, goneAt: null }, orderBy: { instanceId: 'asc' } });
    sim.world.nodes.set(victim.instanceId, { agent: { numExecutors: 5_000 } });
    clock = new Date(clock.getTime() + 60_000);
    try {
      const outcome = await scheduler.runNow('jenkins.agents');
      expect(outcome).toMatchObject({ ok: true, warnings: [expect.stringMatching(new RegExp(`computer \\S+ ${victim.instanceId} .*numExecutors`))] });
      expect(await node(victim.instanceId)).toMatchObject({ agentPresent: true, agentExecutors: victim.agentExecutors, agentObservedAt: victim.agentObservedAt });
      expect(await db.prisma.node.count({ where: { agentPresent: true, agentObservedAt: clock } })).toBeGreaterThan(10);
      const source = await db.prisma.syncSource.findUniqueOrThrow({ where: { key: 'jenkins.agents' } });
      expect(source.lastWarnings).toEqual(outcome!.warnings);
    } finally {
      sim.world.nodes.set(victim.instanceId, { agent: { numExecutors: victim.agentExecutors! } });
    }
  });

  it.each([
    { what: 'drops every connection', fault: { kind: 'reset' as const, count: 10 }, errorCode: 'unreachable', says: /cannot be reached/ },
    { what: 'answers 503', fault: { kind: 'error' as const, status: 503, code: 'Unavailable', count: 10 }, errorCode: 'server', says: /503/ },
    { what: 'sends the portal to its login page', fault: { kind: 'error' as const, status: 302, code: 'Login', count: 10 }, errorCode: 'auth', says: /login/ },
  ])('when Jenkins $what: fails the read saying so, marks no agent missing, and recovers on the next run', async ({ fault, errorCode, says }) => {
    const present = await db.prisma.node.count({ where: { agentPresent: true } });
    const before = await db.prisma.syncSource.findUniqueOrThrow({ where: { key: 'jenkins.agents' } });
    sim.faults.inject({ ...fault, service: 'jenkins', action: 'computers' });
    clock = new Date(clock.getTime() + 30_000);
    const failed = await scheduler.runNow('jenkins.agents');
    expect(failed).toMatchObject({ ok: false, errorCode, errorMessage: expect.stringMatching(says) });
    expect(await db.prisma.node.count({ where: { agentPresent: true } })).toBe(present);
    expect(await db.prisma.syncSource.findUniqueOrThrow({ where: { key: 'jenkins.agents' } })).toMatchObject({ lastSuccessAt: before.lastSuccessAt, consecutiveFailures: 1 });
    sim.faults.clear();
    expect(await scheduler.runNow('jenkins.agents')).toMatchObject({ ok: true });
  });

  it('marks the Jenkins source failing, and its agents unknown, when the controller stops answering', async () => {
    sim.faults.inject({ service: 'jenkins', kind: 'internal-error', count: 10 });
    clock = new Date(clock.getTime() + 60_000);
    expect(await scheduler.runNow('jenkins.agents')).toMatchObject({ ok: false, errorCode: 'server' });
    expect(await scheduler.runNow('nodes.health')).toMatchObject({ ok: true });
    sim.faults.clear();
    const healthy = await db.prisma.node.findFirstOrThrow({ where: { status: 'healthy' } });
    expect(healthy).toBeDefined();
    // The last agent data is a minute old, not stale yet: the nodes keep their status, and each says Jenkins failed.
    const reasons = (await db.prisma.node.findMany({ where: { agentPresent: false, goneAt: null, asgName: { not: null } } })).flatMap((n) => n.reasons as { code: string; message: string }[]);
    expect(reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'source-missing', message: expect.stringContaining('Jenkins could not be read') })]));
  });
});
