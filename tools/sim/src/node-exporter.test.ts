import { afterEach, describe, expect, it } from 'vitest';
import { goFloat } from './node-exporter/exposition.ts';
import { nodeScenario, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();
afterEach(() => fleet.sim.faults.clear());

interface Exposition {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** Enough of the text format 0.0.4 to check what a scraper reads: comments, names, labels, values. */
function parseExposition(text: string): Exposition {
  const parsed: Exposition = { help: new Map(), types: new Map(), samples: [] };
  for (const line of text.split('\n').filter(Boolean)) {
    const comment = /^# (HELP|TYPE) (\w+) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? parsed.help : parsed.types).set(comment[2] ?? '', comment[3] ?? '');
      continue;
    }
    const sample = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
    parsed.samples.push({ name: sample[1] ?? '', labels, value: Number(sample[3]) });
  }
  return parsed;
}

const metricsUrl = (instanceId: string | undefined) => `${fleet.sim.exporterUrl}/node-exporter/${instanceId ?? ''}/metrics`;
const scrape = async (instanceId: string | undefined) => {
  const answer = await fetch(metricsUrl(instanceId));
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await answer.text());
};
const value = (exposition: Exposition, name: string, labels: Record<string, string> = {}) =>
  exposition.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;
const nodes = () => nodeScenario(fleet.sim);

describe('node-exporter', () => {
  it('serves node-exporter 1.5’s metric names, each with HELP and TYPE', async () => {
    const metrics = await scrape(nodes().diskAlmostFull);
    for (const name of ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_filesystem_files_free', 'node_filesystem_files', 'node_load1', 'node_load5', 'node_load15', 'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'node_boot_time_seconds', 'node_time_seconds', 'node_uname_info']) {
      expect(metrics.types.get(name), name).toBe('gauge');
      expect(metrics.help.get(name), name).toBeTruthy();
    }
    expect(metrics.types.get('node_cpu_seconds_total')).toBe('counter');
    expect(new Set(metrics.samples.filter((sample) => sample.name === 'node_cpu_seconds_total').map((sample) => sample.labels.mode))).toEqual(
      new Set(['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user']),
    );
  });

  it('reports the world’s node: root filesystem on xfs, inodes, memory, boot time, host name', async () => {
    const id = nodes().inodesExhausted ?? '';
    const node = fleet.sim.world.nodes.require(id);
    const metrics = await scrape(id);
    const root = { fstype: 'xfs', mountpoint: '/' };
    expect(value(metrics, 'node_filesystem_avail_bytes', root)).toBe(node.disk.availBytes);
    expect(value(metrics, 'node_filesystem_size_bytes', root)).toBe(node.disk.sizeBytes);
    expect(value(metrics, 'node_filesystem_files_free', root)).toBe(node.disk.filesFree);
    expect(value(metrics, 'node_filesystem_files_free', root)).toBeLessThan(50);
    expect(value(metrics, 'node_filesystem_avail_bytes', { fstype: 'tmpfs', mountpoint: '/run' })).toBeGreaterThan(0);
    expect(value(metrics, 'node_memory_MemTotal_bytes')).toBe(node.memory.totalBytes);
    expect(value(metrics, 'node_boot_time_seconds')).toBe(Math.floor(node.bootTime.getTime() / 1000));
    expect(value(metrics, 'node_time_seconds')).toBe(fleet.sim.world.clock().getTime() / 1000);
    const uname = metrics.samples.find((sample) => sample.name === 'node_uname_info');
    expect(uname?.labels).toMatchObject({ sysname: 'Linux', machine: 'x86_64', nodename: expect.stringMatching(/^ip-127-10-\d+-\d+\.ec2\.internal$/) });
  });

  it('shows a disk filling as the world’s clock moves', async () => {
    const id = nodes().diskFillingUp;
    const root = { mountpoint: '/' };
    const before = value(await scrape(id), 'node_filesystem_avail_bytes', root) ?? 0;
    fleet.sim.world.advance(3_600_000);
    const after = value(await scrape(id), 'node_filesystem_avail_bytes', root) ?? 0;
    expect(before - after).toBe(Math.round(fleet.sim.world.nodes.require(id ?? '').disk.fillBytesPerSecond * 3600));
  });

  it('drops the connection of a node whose exporter stopped, and of the impaired one', async () => {
    await expect(fetch(metricsUrl(nodes().exporterDown))).rejects.toThrow(/fetch failed/);
    await expect(fetch(metricsUrl(nodes().instanceImpaired))).rejects.toThrow(/fetch failed/);
  });

  it('answers 404 for an instance it does not know', async () => {
    const answer = await fetch(metricsUrl('i-0123456789abcdef0'));
    expect([answer.status, await answer.text()]).toEqual([404, '404 page not found\n']);
  });

  it('fails one node’s scrape with a fault that names its instance', async () => {
    const id = nodes().diskAlmostFull;
    fleet.sim.faults.inject({ kind: 'internal-error', service: 'node-exporter', action: id });
    expect((await fetch(metricsUrl(nodes().inodesExhausted))).status).toBe(200);
    expect((await fetch(metricsUrl(id))).status).toBe(500);
    expect((await fetch(metricsUrl(id))).status).toBe(200);
  });
});

describe('sample values', () => {
  it('are written as Go writes a float64', () => {
    expect([0, 4, 0.52, 123456, 1234567, 10725883904, 1.7e9, 0.00001, -2.5, Number.NaN, Infinity].map(goFloat)).toEqual([
      '0',
      '4',
      '0.52',
      '123456',
      '1.234567e+06',
      '1.0725883904e+10',
      '1.7e+09',
      '1e-05',
      '-2.5',
      'NaN',
      '+Inf',
    ]);
  });
});
