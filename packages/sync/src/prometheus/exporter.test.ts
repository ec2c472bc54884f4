import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { createPrometheusClient, nodeHealthSignals } from '@fleet/prometheus';
import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, PROMETHEUS_BINARY, type PrometheusProcess, type Simulator, simulatorScrapeConfig, startPrometheus, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asgsJob } from '../aws/groups.ts';
import { exporterSignalsJob } from './exporter.ts';
import { instanceStatusJob } from '../aws/instance-status.ts';
import { jenkinsAgentsJob } from '../jenkins/agents.ts';
import { nodeHealthJob } from '../nodes/health.ts';
import { SyncScheduler } from '../scheduler.ts';

/** Debian's prometheus, which CI installs, discovering the simulated fleet with ec2_sd_config. */
const hasPrometheus = existsSync(PROMETHEUS_BINARY);
if (!hasPrometheus) console.warn(`exporter sync: skipped, ${PROMETHEUS_BINARY} is missing (apt-get install prometheus)`);

/** Generous for a busy two-core machine; on a quiet one Prometheus has the fleet within seconds. */
const SCRAPED_WITHIN_MS = 60_000;
const demoYaml = readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8');

describe.skipIf(!hasPrometheus)('syncing node-exporter figures from a real Prometheus', () => {
  let sim: Simulator;
  let prometheus: PrometheusProcess;
  let dataDir: string;
  let config: FleetConfig;
  const prod = () => config.aws.productionAccounts[0]!;
  const scenario = () => sim.world.scenario!.nodes!;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-exporter-'));
    const plain = parseFleetConfig(demoYaml);
    if (!plain.ok) throw new Error('the demo config must be valid');
    // The live world clock, so the filling disk fills between scrapes.
    sim = await startSimulator({ config: plain.config, dataDir, port: 0, seed: 'test', historyEnd: new Date('2025-03-14T00:00:00Z') });
    prometheus = await startPrometheus({ configYaml: simulatorScrapeConfig(sim, { scrapeInterval: '1s', refreshInterval: '5s' }) });
    const parsed = parseFleetConfig(`${demoYaml}\njenkins: { controllers: [{ name: ci-int, url: "${sim.jenkinsUrl}", user: ${JENKINS_DEMO_USER} }] }\nprometheus: { url: "${prometheus.url}" }\n`);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join('; '));
    config = parsed.config;
    // Until Prometheus has scraped the filling disk twice and seen the silent exporter fail.
    const client = createPrometheusClient({ url: prometheus.url });
    const deadline = Date.now() + SCRAPED_WITHIN_MS;
    for (;;) {
      const { signals } = await nodeHealthSignals(client);
      if (signals.get(scenario().diskFillingUp!)?.diskFullInHours != null && signals.get(scenario().exporterDown!)?.error != null) break;
      if (Date.now() > deadline) throw new Error(`Prometheus did not scrape the simulated fleet within ${SCRAPED_WITHIN_MS / 1000} s:\n${prometheus.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, SCRAPED_WITHIN_MS + 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    await sim?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  describe.each(testDatabases())('into $name', (target) => {
    let db: TestDatabase;
    let scheduler: SyncScheduler;

    beforeAll(async () => {
      db = await target.open();
      const clientConfig = { region: 'us-east-1', endpoint: sim.url, credentials: sim.credentialsFor(prod().id), maxAttempts: 3 };
      scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
        asgsJob(prod(), 'us-east-1', { intervalMs: 60_000, refreshingIntervalMs: 60_000, clients: { autoScaling: new AutoScalingClient(clientConfig), ec2: new EC2Client(clientConfig) } }),
        instanceStatusJob(prod(), 'us-east-1', 30_000, new EC2Client(clientConfig)),
        jenkinsAgentsJob(config.jenkins!, 30_000, { JENKINS_TOKEN: JENKINS_DEMO_TOKEN }),
        exporterSignalsJob(config.prometheus!, 30_000),
        nodeHealthJob(30_000),
      ]);
      for (const job of ['autoscaling.groups:320000000002:us-east-1', 'ec2.instance-status:320000000002:us-east-1', 'jenkins.agents', 'prometheus.node-exporter', 'nodes.health']) {
        expect(await scheduler.runNow(job), job).toMatchObject({ ok: true });
      }
    }, TEST_DATABASE_TIMEOUT_MS);

    afterAll(async () => {
      await scheduler?.stop();
      await db?.cleanup();
    });

    const node = (id: string | undefined) => db.prisma.node.findUniqueOrThrow({ where: { instanceId: id! } });
    const reasonsOf = async (id: string | undefined) => ((await node(id)).reasons as { code: string; severity: string; message: string }[]);

    it('stores every scraped node’s figures with the time they were read', async () => {
      const scraped = await db.prisma.node.findMany({ where: { goneAt: null, exporterUp: true } });
      expect(scraped.length).toBeGreaterThan(20);
      for (const n of scraped) {
        expect(n.diskUsedPercent).toBeGreaterThan(0);
        expect(n.memoryAvailablePercent).toBeGreaterThan(0);
        expect(n.loadPerCore).not.toBeNull();
        expect(n.exporterObservedAt).not.toBeNull();
      }
      const full = await node(scenario().diskAlmostFull);
      expect(full.diskUsedPercent).toBeCloseTo(96, 0);
      expect(full.diskMountpoint).toMatch(/^\//);
      expect(await reasonsOf(scenario().diskAlmostFull)).toEqual(expect.arrayContaining([expect.objectContaining({ message: `${full.diskMountpoint} is 96 % full (unhealthy above 95 %)` })]));
    });

    it('makes the full disk and the used-up inodes unhealthy, and the silent exporter degraded', async () => {
      expect(await reasonsOf(scenario().diskAlmostFull)).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'disk-full', severity: 'unhealthy' })]));
      expect(await reasonsOf(scenario().inodesExhausted)).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'inodes-full', severity: 'unhealthy' })]));
      const silent = await node(scenario().exporterDown);
      expect(silent).toMatchObject({ exporterUp: false, status: 'degraded', diskUsedPercent: null });
      expect(silent.exporterError).toMatch(/\S/);
      expect(await reasonsOf(scenario().exporterDown)).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'exporter-down', severity: 'degraded' })]));
    });

    it('makes a node whose disk will fill within hours unhealthy before it is full', async () => {
      const filling = await node(scenario().diskFillingUp);
      expect(filling.diskFullInHours).toBeGreaterThan(0);
      expect(filling.diskFullInHours).toBeLessThan(24);
      expect(await reasonsOf(scenario().diskFillingUp)).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'disk-filling' })]));
    });

    // Last: the wrongly labelled pass leaves the nodes without figures until the right one runs again.
    it('says in the source’s warnings when the instance label names nothing, and forgets them once the label is right', async () => {
      const source = () => db.prisma.syncSource.findUniqueOrThrow({ where: { key: 'prometheus.node-exporter' } });
      expect((await source()).lastWarnings).toEqual([]);

      const mislabelled = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, [
        exporterSignalsJob({ ...config.prometheus!, instanceLabel: 'ec2_instance_id' }, 30_000),
      ]);
      const outcome = await mislabelled.runNow('prometheus.node-exporter');
      await mislabelled.stop();
      expect(outcome).toMatchObject({ ok: true, itemCount: 0 });
      const warned = await source();
      // One warning naming every query, and not "no targets": Prometheus has them, under another label.
      expect(warned.lastWarnings).toEqual([
        'the queries for whether node-exporter is up, disk usage, inode usage, disk fill predictions, inode fill predictions, load per core, available memory, boot times gave series without a "ec2_instance_id" label: check the instance label setting',
      ]);

      expect(await scheduler.runNow('prometheus.node-exporter')).toMatchObject({ ok: true, warnings: [] });
      expect((await source()).lastWarnings).toEqual([]);
    });
  });
});
