import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFleetConfig } from '@fleet/core';
import { PROMETHEUS_BINARY, type PrometheusProcess, type Simulator, simulatorScrapeConfig, startPrometheus, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from './client.ts';
import { type NodeHealthSignals, nodeHealthSignals } from './node-signals.ts';

/** Debian's prometheus 2.42, which CI installs, discovering the simulated fleet with ec2_sd_config and scraping it. */
const hasPrometheus = existsSync(PROMETHEUS_BINARY);
if (!hasPrometheus) console.warn(`real-prometheus: skipped, ${PROMETHEUS_BINARY} is missing (apt-get install prometheus)`);

/** Generous for a busy two-core machine; on a quiet one the fleet is ready within a few seconds. */
const DEADLINE_MS = 45_000;

const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');
const config = parsed.config;

let sim: Simulator;
let dataDir = '';
let prometheus: PrometheusProcess | undefined;
let client: PrometheusClient;
let requests = 0;

beforeAll(async () => {
  if (!hasPrometheus) return;
  dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-prometheus-sim-'));
  // The live clock, so the filling disk fills between scrapes.
  sim = await startSimulator({ config, dataDir, seed: 'test', historyEnd: new Date('2025-03-14T00:00:00Z') });
  const configYaml = simulatorScrapeConfig(sim, { scrapeInterval: '1s', refreshInterval: '5s' });
  prometheus = await startPrometheus({ configYaml });
  const counting: typeof fetch = (input, init) => {
    requests += 1;
    return fetch(input, init);
  };
  client = createPrometheusClient({ url: prometheus.url, fetch: counting });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(!hasPrometheus)('nodeHealthSignals against a real Prometheus scraping the simulator', () => {
  const scenario = () => {
    const nodes = sim.world.scenario?.nodes;
    if (!nodes?.diskAlmostFull || !nodes.inodesExhausted || !nodes.diskFillingUp || !nodes.exporterDown) throw new Error('the demo world breaks four nodes');
    return { diskAlmostFull: nodes.diskAlmostFull, inodesExhausted: nodes.inodesExhausted, diskFillingUp: nodes.diskFillingUp, exporterDown: nodes.exporterDown };
  };

  /** Once every running node is scraped, and scraped twice so a filling disk has a rate. */
  async function settledSignals(): Promise<NodeHealthSignals> {
    const running = sim.world.fleet.instances.all().filter((instance) => instance.state === 'running');
    const { diskFillingUp, exporterDown } = scenario();
    return poll(async () => {
      const read = await nodeHealthSignals(client);
      const everyNode = running.every((instance) => read.signals.has(instance.instanceId));
      const settled = everyNode && read.signals.get(diskFillingUp)?.diskFullInHours != null && read.signals.get(exporterDown)?.error != null;
      return settled ? read : undefined;
    });
  }

  it('sees the full disk, the used-up inodes, the filling disk and the silent exporter, in nine requests for the fleet', async () => {
    const { signals, warnings } = await settledSignals();
    const before = requests;
    await nodeHealthSignals(client);
    expect(requests - before).toBe(9);
    expect(warnings).toEqual([]);
    const { diskAlmostFull, inodesExhausted, diskFillingUp, exporterDown } = scenario();

    const full = sim.world.nodes.require(diskAlmostFull).disk;
    expect(signals.get(diskAlmostFull)).toMatchObject({ up: true, error: null, diskMountpoint: '/', diskFullInHours: null });
    expect(signals.get(diskAlmostFull)?.diskUsedPercent).toBeCloseTo(100 * (1 - full.availBytes / full.sizeBytes), 6);
    expect(signals.get(diskAlmostFull)?.diskUsedPercent).toBeCloseTo(96, 0);

    expect(signals.get(inodesExhausted)?.inodesUsedPercent).toBeGreaterThan(99.99);
    expect(signals.get(inodesExhausted)?.inodesFullInHours).toBeNull();

    // The scenario's disk fills about five hours after the world starts.
    expect(signals.get(diskFillingUp)?.diskFullInHours).toBeGreaterThan(4);
    expect(signals.get(diskFillingUp)?.diskFullInHours).toBeLessThan(6);

    expect(signals.get(exporterDown)).toMatchObject({ up: false, diskUsedPercent: null, loadPerCore: null, bootTime: null });
    expect(signals.get(exporterDown)?.error).toMatch(/EOF|connection reset/);
  }, DEADLINE_MS + 15_000);

  it('reads a healthy node’s load per core, memory and boot time as the simulator serves them', async () => {
    const { signals } = await settledSignals();
    const broken = new Set(Object.values(sim.world.scenario?.nodes ?? {}));
    const [id, healthy] = [...signals].find(([instanceId]) => !broken.has(instanceId)) ?? [];
    if (!id || !healthy) throw new Error('the demo world has healthy nodes');
    const node = sim.world.nodes.require(id);
    expect(healthy).toMatchObject({ up: true, error: null, diskMountpoint: '/', bootTime: new Date(Math.floor(node.bootTime.getTime() / 1000) * 1000) });
    // Load and memory wave slowly over minutes; a scrape a second old is within a percent.
    expect(healthy.loadPerCore).toBeCloseTo(node.load1 / node.cpus, 1);
    expect(healthy.memoryAvailablePercent).toBeCloseTo((100 * node.memory.availableBytes) / node.memory.totalBytes, 0);
    expect(healthy.inodesUsedPercent).toBeCloseTo(100 * (1 - node.disk.filesFree / node.disk.files), 1);
  }, DEADLINE_MS + 15_000);

  it('reports the real build info', async () => {
    expect((await client.buildInfo()).version).toMatch(/^2\.\d+\.\d+/);
  });
});

/** Asks until `probe` gives an answer, failing with Prometheus's own log when the deadline passes. */
async function poll<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    if (prometheus?.exited()) throw new Error(`prometheus exited:\n${prometheus.log()}`);
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`the fleet was not scraped within ${DEADLINE_MS / 1000} s; prometheus said:\n${prometheus?.log() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
