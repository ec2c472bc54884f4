import { type ExporterRecord, isFleetAgentName, type PrometheusConfig } from '@fleet/core';
import { type PrismaClient, recordExporterSignals } from '@fleet/db';

import { createPrometheusClient, nodeHealthSignals } from '@fleet/prometheus';
import type { SyncJob } from '../job.ts';
import { NODE_SYNC_KINDS } from '../nodes/sources.ts';

export interface ExporterReading {
  signals: Iterable<ExporterRecord>;
  /** Prometheus's own warnings and what could not be read. */
  warnings: string[];
}

/**
 * node-exporter's figures for the whole fleet, as Prometheus has them. Series not named by an
 * instance id cannot be joined to a node: they are left out, and the warnings say so.
 */
export async function syncExporterSignals(input: { prisma: PrismaClient; now: () => Date; read: () => Promise<ExporterReading> }): Promise<{ targets: number; warnings: string[] }> {
  const reading = await input.read();
  const records: ExporterRecord[] = [];
  const unnamed: ExporterRecord[] = [];
  for (const r of reading.signals) (isFleetAgentName(r.instanceId) ? records : unnamed).push(r);
  await recordExporterSignals(input.prisma, records, input.now());
  const warnings = [...reading.warnings];
  if (unnamed.length > 0) {
    const examples = unnamed.slice(0, 3).map((r) => `"${r.instanceId}"`).join(', ');
    warnings.push(`${unnamed.length} node-exporter ${unnamed.length === 1 ? 'target is' : 'targets are'} not named by an EC2 instance id (${examples}): relabel the instance label to the instance id to join them to nodes`);
  }
  return { targets: records.length, warnings };
}

/** node-exporter's disk, inode, load and memory figures of every node, a few queries for the whole fleet. */
export function exporterSignalsJob(prometheus: PrometheusConfig, intervalMs: number): SyncJob {
  const client = createPrometheusClient({ url: prometheus.url, timeoutMs: prometheus.timeout });
  const read = async () => {
    const { signals, warnings } = await nodeHealthSignals(client, { instanceLabel: prometheus.instanceLabel });
    return { signals: signals.values(), warnings };
  };
  return {
    key: NODE_SYNC_KINDS.prometheus,
    kind: NODE_SYNC_KINDS.prometheus,
    intervalMs,
    async run({ prisma, now }) {
      const { targets, warnings } = await syncExporterSignals({ prisma, now, read });
      return { itemCount: targets, warnings };
    },
  };
}
