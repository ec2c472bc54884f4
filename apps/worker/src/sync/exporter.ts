import { NODE_SYNC_KINDS, syncExporterSignals } from '@fleet/api';
import type { PrometheusConfig } from '@fleet/core';
import { createPrometheusClient, nodeHealthSignals } from '@fleet/prometheus';
import type { SyncJob } from './job.ts';

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

