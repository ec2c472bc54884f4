import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMETHEUS_BINARY, type PrometheusProcess, simulatorScrapeConfig, startPrometheus } from './index.ts';
import { startTestSimulator, type TestSimulator } from './test-fixture.ts';

/** Debian's prometheus 2.42, which CI installs: a real ec2_sd_config against the simulator. */
const hasPrometheus = existsSync(PROMETHEUS_BINARY);
if (!hasPrometheus) console.warn(`prometheus-discovery: skipped, ${PROMETHEUS_BINARY} is missing (apt-get install prometheus)`);

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
let prometheus: PrometheusProcess | undefined;

beforeAll(async () => {
  if (!hasPrometheus) return;
  // The live clock, so disks fill between scrapes as they do in the demo.
  sim = await startTestSimulator();
  const configYaml = simulatorScrapeConfig(sim, { scrapeInterval: '2s', refreshInterval: '5s' });
  prometheus = await startPrometheus({ configYaml, logLevel: 'debug' });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.dispose();
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

  it('says how many targets discovery found once it has found them, and none from a Prometheus without scrape jobs', async () => {
    const running = sim.world.fleet.instances.all().filter((instance) => instance.state === 'running');
    expect(await prometheus!.activeTargets(DEADLINE_MS)).toBe(running.length);
    const empty = await startPrometheus({ configYaml: 'global: { scrape_interval: 1s }\n' });
    try {
      expect(await empty.activeTargets(1_000)).toBe(0);
    } finally {
      await empty.stop();
    }
  }, DEADLINE_MS + 40_000);

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
  const answer = (await (await fetch(`${running().url}/api/v1/query?query=${encodeURIComponent(expression)}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return answer.data.result[0];
}

async function activeTargets(): Promise<Target[]> {
  try {
    const answer = (await (await fetch(`${running().url}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Target[] } };
    return answer.data.activeTargets;
  } catch {
    return [];
  }
}

/** Asks until `probe` gives an answer, failing with Prometheus's own log when the deadline passes. */
async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    if (running().exited()) throw new Error(`prometheus exited:\n${running().log()}`);
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${DEADLINE_MS / 1000} s; prometheus said:\n${running().log()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function running(): PrometheusProcess {
  if (!prometheus) throw new Error('prometheus starts in beforeAll');
  return prometheus;
}
