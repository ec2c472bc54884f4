import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusScrapeConfig } from './index.ts';
import { PROD, startTestSimulator, type TestSimulator } from './test-fixture.ts';

/** Debian's prometheus 2.42, which CI installs: a real ec2_sd_config against the simulator. */
const PROMETHEUS = '/usr/bin/prometheus';
const hasPrometheus = existsSync(PROMETHEUS);
if (!hasPrometheus) console.warn(`prometheus-discovery: skipped, ${PROMETHEUS} is missing (apt-get install prometheus)`);

/** Generous, for a busy two-core machine: Prometheus starts, refreshes discovery every 5 s and scrapes every 2 s. */
const DEADLINE_MS = 90_000;

interface Target {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  scrapeUrl: string;
}

let sim: TestSimulator;
let prometheus: ChildProcess | undefined;
let prometheusUrl = '';
let workDir = '';
let log = '';

beforeAll(async () => {
  if (!hasPrometheus) return;
  // The live clock, so disks fill between scrapes as they do in the demo.
  sim = await startTestSimulator();
  workDir = await mkdtemp(join(tmpdir(), 'fleet-prometheus-'));
  const keys = sim.credentialsFor(PROD);
  const config = prometheusScrapeConfig({
    simulatorUrl: sim.url,
    exporterUrl: sim.exporterUrl,
    accessKey: keys.accessKeyId,
    secretKey: keys.secretAccessKey,
    region: 'us-east-1',
    workerTypeTag: sim.world.config.tags.workerType,
    scrapeInterval: '2s',
    refreshInterval: '5s',
  });
  await writeFile(join(workDir, 'prometheus.yml'), config);
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(PROMETHEUS, [`--config.file=${join(workDir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(workDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=debug'], {
    env: { PATH: process.env.PATH, HOME: workDir, AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  prometheus.stdout?.on('data', keep);
  prometheus.stderr?.on('data', keep);
}, 60_000);

afterAll(async () => {
  await stop(prometheus);
  await sim?.dispose();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(!hasPrometheus)('a real Prometheus with ec2_sd_config against the simulator', () => {
  it('discovers the running instances, scrapes their exporters as up and the stopped one as down', async () => {
    const running = sim.world.fleet.instances.all().filter((instance) => instance.state === 'running');
    const silent = new Set([sim.world.scenario?.nodes.exporterDown, sim.world.scenario?.nodes.instanceImpaired]);
    const targets = await poll('every running instance scraped once', async () => {
      const found = await activeTargets();
      const settled = found.length === running.length && found.every((target) => target.health !== 'unknown');
      return settled ? found : undefined;
    });
    expect(targets.map((target) => target.labels.instance).sort()).toEqual(running.map((instance) => instance.instanceId).sort());
    for (const target of targets) {
      const id = target.labels.instance ?? '';
      expect(target.health, `${id}: ${target.lastError}`).toBe(silent.has(id) ? 'down' : 'up');
      expect(target.scrapeUrl).toBe(`${sim.exporterUrl}/node-exporter/${id}/metrics`);
      expect(target.labels.worker_type).toBe(sim.world.fleet.instances.get(id)?.tags.get('worker_type'));
      expect(target.labels.asg).toBe(sim.world.fleet.instances.get(id)?.groupName);
      expect(target.discoveredLabels).toMatchObject({
        __meta_ec2_availability_zone_id: expect.stringMatching(/^use1-az\d$/),
        __meta_ec2_subnet_id: `,${sim.world.fleet.instances.get(id)?.subnetId ?? ''},`,
        __meta_ec2_private_ip: expect.stringMatching(/^127\.10\./),
      });
      if (silent.has(id)) expect(target.lastError).toMatch(/EOF|connection reset/);
    }
  }, DEADLINE_MS + 10_000);

  it('answers a query for one instance’s root filesystem with the world’s value', async () => {
    const id = sim.world.scenario?.nodes.diskAlmostFull ?? '';
    const result = await poll('the root filesystem in Prometheus', () => query(`node_filesystem_avail_bytes{instance="${id}",mountpoint="/"}`));
    expect(result.metric).toMatchObject({ job: 'pool-jenkins_worker', instance: id, fstype: 'xfs' });
    expect(Number(result.value[1])).toBe(sim.world.nodes.require(id).disk.availBytes);
  }, DEADLINE_MS + 10_000);

  it('predicts the filling disk full within six hours, and the still one not', async () => {
    const predict = (id: string | undefined) => `predict_linear(node_filesystem_avail_bytes{instance="${id ?? ''}",mountpoint="/"}[1m], 6 * 3600)`;
    const filling = await poll('a prediction for the filling disk', () => query(predict(sim.world.scenario?.nodes.diskFillingUp)));
    expect(Number(filling.value[1])).toBeLessThan(0);
    const still = await poll('a prediction for the full but still disk', () => query(predict(sim.world.scenario?.nodes.diskAlmostFull)));
    expect(Number(still.value[1])).toBe(sim.world.nodes.require(sim.world.scenario?.nodes.diskAlmostFull ?? '').disk.availBytes);
  }, DEADLINE_MS + 10_000);
});

/** The first series of an instant query, once Prometheus has one. */
async function query(expression: string): Promise<{ metric: Record<string, string>; value: [number, string] } | undefined> {
  const answer = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return answer.data.result[0];
}

async function activeTargets(): Promise<Target[]> {
  try {
    const answer = (await (await fetch(`${prometheusUrl}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Target[] } };
    return answer.data.activeTargets;
  } catch {
    return [];
  }
}

/** Asks until `probe` gives an answer, failing with Prometheus's own log when the deadline passes. */
async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    if (prometheus?.exitCode !== null && prometheus?.exitCode !== undefined) throw new Error(`prometheus exited with ${prometheus.exitCode}:\n${log}`);
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${DEADLINE_MS / 1000} s; prometheus said:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within ten seconds. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
