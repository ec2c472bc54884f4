import { describe, expect, it } from 'vitest';
import { type PrometheusClient } from './client.ts';
import { PrometheusFailure } from './failure.ts';
import { type NodeSignal, nodeQueries } from './node-queries.ts';
import { nodeHealthSignals } from './node-signals.ts';
import { type ActiveTarget, type InstantSeries } from './responses.ts';

type Answers = Partial<Record<NodeSignal, InstantSeries[] | PrometheusFailure>>;

/** A client that answers each signal's query from a table, and records what it was asked. */
function standIn(answers: Answers, options: { label?: string; targets?: ActiveTarget[]; warnings?: string[] } = {}) {
  const bySignal = new Map(Object.entries(nodeQueries(options.label ?? 'instance')).map(([signal, expr]) => [expr, signal as NodeSignal]));
  const asked: { signal: NodeSignal | undefined; time: Date | undefined }[] = [];
  const client: PrometheusClient = {
    url: 'http://prometheus.test',
    query: async (expr, queryOptions) => {
      const signal = bySignal.get(expr);
      asked.push({ signal, time: queryOptions?.time });
      const answer = signal ? answers[signal] : undefined;
      if (answer instanceof PrometheusFailure) throw answer;
      return { resultType: 'vector', result: answer ?? [], warnings: options.warnings ?? [] };
    },
    queryRange: () => Promise.reject(new Error('not used')),
    targets: async () => ({ targets: options.targets ?? [], warnings: [] }),
    buildInfo: () => Promise.reject(new Error('not used')),
  };
  return { client, asked };
}

const at = (value: number, metric: Record<string, string> = {}, label = 'instance', id = 'i-0abc'): InstantSeries => ({ metric: { [label]: id, ...metric }, value: { time: 1741910400, value } });

const target = (id: string, health: ActiveTarget['health'], lastError: string | null): ActiveTarget => ({
  discoveredLabels: {},
  labels: { instance: id, job: 'node' },
  scrapePool: 'node',
  scrapeUrl: `http://127.0.0.1:9100/node-exporter/${id}/metrics`,
  lastError,
  lastScrape: null,
  health,
});

describe('nodeHealthSignals', () => {
  it('asks one query per signal for the whole fleet and joins the answers by instance', async () => {
    const { client, asked } = standIn({
      up: [at(1), at(1, {}, 'instance', 'i-0def')],
      disk: [at(96.2, { mountpoint: '/var/lib/jenkins', device: '/dev/nvme1n1' })],
      inodes: [at(12.5)],
      diskFull: [at(5.25)],
      load: [at(0.875)],
      memory: [at(41)],
      boot: [at(1741900000)],
    });
    const { signals, warnings } = await nodeHealthSignals(client);
    expect(asked.map((ask) => ask.signal).sort()).toEqual(['boot', 'disk', 'diskFull', 'inodes', 'inodesFull', 'load', 'memory', 'up']);
    expect(warnings).toEqual([]);
    expect(signals.get('i-0abc')).toEqual({
      instanceId: 'i-0abc',
      up: true,
      error: null,
      diskUsedPercent: 96.2,
      diskMountpoint: '/var/lib/jenkins',
      inodesUsedPercent: 12.5,
      loadPerCore: 0.875,
      memoryAvailablePercent: 41,
      diskFullInHours: 5.25,
      inodesFullInHours: null,
      bootTime: new Date(1741900000 * 1000),
    });
    expect(signals.get('i-0def')).toMatchObject({ up: true, diskUsedPercent: null, diskMountpoint: null, bootTime: null });
  });

  it('gives a down node its scrape error and none of the figures it had before it went silent', async () => {
    const { client } = standIn(
      { up: [at(0)], disk: [at(50, { mountpoint: '/' })], diskFull: [at(3)] },
      { targets: [target('i-0abc', 'down', 'Get "http://127.0.0.1:9100/node-exporter/i-0abc/metrics": EOF'), target('i-0def', 'up', null)] },
    );
    const { signals } = await nodeHealthSignals(client);
    expect(signals.get('i-0abc')).toMatchObject({ up: false, error: 'Get "http://127.0.0.1:9100/node-exporter/i-0abc/metrics": EOF', diskUsedPercent: null, diskMountpoint: null, diskFullInHours: null });
  });

  it('reads NaN and infinite values as no reading', async () => {
    const { client } = standIn({ up: [at(1)], load: [at(Number.NaN)], memory: [at(Infinity)] });
    const { signals } = await nodeHealthSignals(client);
    expect(signals.get('i-0abc')).toMatchObject({ loadPerCore: null, memoryAvailablePercent: null });
  });

  it('keeps the other signals and warns when one query fails, but fails when up cannot be read', async () => {
    const timedOut = new PrometheusFailure('query-timeout', 'Prometheus at http://prometheus.test gave up on the query', 503);
    const { client } = standIn({ up: [at(1)], diskFull: timedOut, memory: [at(41)] });
    const { signals, warnings } = await nodeHealthSignals(client);
    expect(signals.get('i-0abc')).toMatchObject({ memoryAvailablePercent: 41, diskFullInHours: null });
    expect(warnings).toEqual(['could not read disk fill predictions: Prometheus at http://prometheus.test gave up on the query']);
    const unreachable = new PrometheusFailure('unreachable', 'Prometheus at http://prometheus.test cannot be reached');
    await expect(nodeHealthSignals(standIn({ up: unreachable }).client)).rejects.toBe(unreachable);
  });

  it('passes on Prometheus’s warnings once, and warns when no job serves node-exporter', async () => {
    const { client } = standIn({}, { warnings: ['remote read: partial data'] });
    const { signals, warnings } = await nodeHealthSignals(client);
    expect(signals.size).toBe(0);
    expect(warnings).toEqual(['remote read: partial data', 'Prometheus at http://prometheus.test has no node-exporter targets: no job serves node_exporter_build_info']);
  });

  it('groups by the configured instance label and warns about series that lack it', async () => {
    const { client } = standIn({ up: [at(1, {}, 'instance_id', 'i-0abc'), { metric: { instance: '10.0.0.7:9100' }, value: { time: 1, value: 1 } }] }, { label: 'instance_id' });
    const { signals, warnings } = await nodeHealthSignals(client, { instanceLabel: 'instance_id' });
    expect([...signals.keys()]).toEqual(['i-0abc']);
    expect(warnings).toEqual(['the query for whether node-exporter is up gave series without a "instance_id" label: check the instance label setting']);
  });

  it('names every query that gave unlabelled series in one warning, and does not call labelled targets missing', async () => {
    const hostOnly = (value: number) => ({ metric: { instance: '10.0.0.7:9100' }, value: { time: 1, value } });
    const { client } = standIn({ up: [hostOnly(1)], memory: [hostOnly(40)], disk: [hostOnly(50)] }, { label: 'ec2_instance_id' });
    const { signals, warnings } = await nodeHealthSignals(client, { instanceLabel: 'ec2_instance_id' });
    expect(signals.size).toBe(0);
    expect(warnings).toEqual(['the queries for whether node-exporter is up, disk usage, available memory gave series without a "ec2_instance_id" label: check the instance label setting']);
  });

  it('reads every signal at the given instant', async () => {
    const now = new Date('2025-03-14T12:00:00Z');
    const { client, asked } = standIn({ up: [at(1)] });
    await nodeHealthSignals(client, { now });
    expect(asked.every((ask) => ask.time === now)).toBe(true);
  });

  it('refuses an instance label that is not a label name before asking anything', async () => {
    const { client, asked } = standIn({});
    await expect(nodeHealthSignals(client, { instanceLabel: 'instance"} or vector(1) #' })).rejects.toThrow('is not a Prometheus label name');
    expect(asked).toEqual([]);
  });
});
