import type { ExporterRecord } from '@fleet/core';
import { type PrometheusClient } from './client.ts';
import { PrometheusFailure } from './failure.ts';
import { type NodeSignal, nodeQueries } from './node-queries.ts';
import { type InstantSeries } from './responses.ts';

export interface NodeHealthSignalsOptions {
  /** The label naming a node: the EC2 instance id. `instance` unless relabelling chose another. */
  instanceLabel?: string;
  /** When to read the signals at; Prometheus's now by default. */
  now?: Date;
}

export interface NodeHealthSignals {
  /** By instance id: every node with a node-exporter target that has been scraped. */
  signals: Map<string, ExporterRecord>;
  /** Prometheus's own warnings and the readings that could not be had, for the source's status. */
  warnings: string[];
}

const RESOURCE_SIGNALS: Exclude<NodeSignal, 'up'>[] = ['disk', 'inodes', 'diskFull', 'inodesFull', 'load', 'memory', 'boot'];

/** What each query reads, for warnings a person can follow. */
const READS: Record<NodeSignal, string> = {
  up: 'whether node-exporter is up',
  disk: 'disk usage',
  inodes: 'inode usage',
  diskFull: 'disk fill predictions',
  inodesFull: 'inode fill predictions',
  load: 'load per core',
  memory: 'available memory',
  boot: 'boot times',
};

type Readings = Map<string, InstantSeries>;

const SCRAPE_ERRORS = 'the targets’ scrape errors';

/**
 * Reads the whole fleet in one query per signal and one read of the targets, never one per node.
 * `up` decides which nodes there are and fails the call when it fails; any other signal that cannot
 * be read leaves its numbers null and says why in `warnings`. A node that is down keeps only its up
 * and error: its last figures and predictions describe a node nobody is watching any more.
 */
export async function nodeHealthSignals(client: PrometheusClient, options: NodeHealthSignalsOptions = {}): Promise<NodeHealthSignals> {
  const label = options.instanceLabel ?? 'instance';
  const queries = nodeQueries(label);
  // Prometheus's own warnings, then what could not be read, in the same order at every sync.
  const said = new Set<string>();
  const unreadable = new Map<string, string>();
  const unlabelled = new Set<NodeSignal>();
  let upSeries = 0;
  const read = async (signal: NodeSignal): Promise<Readings> => {
    const answer = await client.query(queries[signal], options.now ? { time: options.now } : {});
    for (const warning of answer.warnings) said.add(warning);
    if (answer.resultType !== 'vector') {
      throw new PrometheusFailure('bad-response', `Prometheus at ${client.url} answered the query for ${READS[signal]} with a ${answer.resultType}, not a vector`);
    }
    if (signal === 'up') upSeries = answer.result.length;
    const byNode: Readings = new Map();
    for (const series of answer.result) {
      const id = series.metric[label];
      if (id) byNode.set(id, series);
      else unlabelled.add(signal);
    }
    return byNode;
  };
  const orWarning = <T>(what: string, empty: T) => (error: unknown): T => {
    if (!(error instanceof PrometheusFailure)) throw error;
    unreadable.set(what, `could not read ${what}: ${error.message}`);
    return empty;
  };
  const [up, resources, errors] = await Promise.all([
    read('up'),
    Promise.all(RESOURCE_SIGNALS.map(async (signal) => [signal, await read(signal).catch(orWarning(READS[signal], new Map()))] as const)),
    scrapeErrors(client, label, said).catch(orWarning(SCRAPE_ERRORS, new Map<string, string>())),
  ]);
  const warnings = [...[...said].sort(), ...[...Object.values(READS), SCRAPE_ERRORS].flatMap((what) => unreadable.get(what) ?? [])];
  if (unlabelled.size > 0) {
    const which = (Object.keys(READS) as NodeSignal[]).filter((signal) => unlabelled.has(signal)).map((signal) => READS[signal]);
    warnings.push(`the ${which.length === 1 ? 'query' : 'queries'} for ${which.join(', ')} gave series without a "${label}" label: check the instance label setting`);
  }
  if (upSeries === 0) warnings.push(`Prometheus at ${client.url} has no node-exporter targets: no job serves node_exporter_build_info`);
  const signals = new Map<string, ExporterRecord>();
  for (const [instanceId, series] of up) {
    const isUp = series.value.value === 1;
    signals.set(instanceId, isUp ? upSignals(instanceId, new Map(resources.map(([signal, byNode]) => [signal, byNode.get(instanceId)]))) : downSignals(instanceId, errors.get(instanceId)));
  }
  return { signals, warnings };
}

function upSignals(instanceId: string, readings: Map<NodeSignal, InstantSeries | undefined>): ExporterRecord {
  const value = (signal: NodeSignal) => finite(readings.get(signal)?.value.value);
  const boot = value('boot');
  return {
    instanceId,
    up: true,
    error: null,
    diskUsedPercent: value('disk'),
    diskMountpoint: readings.get('disk')?.metric.mountpoint ?? null,
    inodesUsedPercent: value('inodes'),
    loadPerCore: value('load'),
    memoryAvailablePercent: value('memory'),
    diskFullInHours: value('diskFull'),
    inodesFullInHours: value('inodesFull'),
    bootTime: boot === null ? null : new Date(boot * 1000),
  };
}

function downSignals(instanceId: string, error: string | undefined): ExporterRecord {
  return {
    instanceId,
    up: false,
    error: error ?? null,
    diskUsedPercent: null,
    diskMountpoint: null,
    inodesUsedPercent: null,
    loadPerCore: null,
    memoryAvailablePercent: null,
    diskFullInHours: null,
    inodesFullInHours: null,
    bootTime: null,
  };
}

/** The last scrape error of each node's failing targets, from the targets page. */
async function scrapeErrors(client: PrometheusClient, label: string, warnings: Set<string>): Promise<Map<string, string>> {
  const { targets, warnings: said } = await client.targets();
  for (const warning of said) warnings.add(warning);
  const errors = new Map<string, string>();
  for (const target of targets) {
    const id = target.labels[label];
    if (id && target.health === 'down' && target.lastError && !errors.has(id)) errors.set(id, target.lastError);
  }
  return errors;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
