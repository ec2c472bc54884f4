import { z } from 'zod';
import { httpUrl } from './config-fields.ts';
import type { JenkinsConfig } from './jenkins-config.ts';
import { durationSchema as duration, formatDuration } from './duration.ts';
import { HEALTH_REASON_CODES, type HealthReasonCode, isHealthReasonCode } from './node-health/reason-codes.ts';

const HOUR = 3_600_000;

const consoleUrl = z
  .string()
  .includes('{instance}', { error: 'must contain {instance}, which becomes the value of the node’s instance label' })
  .refine((template) => isHttpUrl(template.replaceAll('{url}', 'http://prometheus').replaceAll('{instance}', 'node')), {
    message: 'must be an http:// or https:// URL once {url} and {instance} are filled in',
  });

export const prometheusConfigSchema = z.strictObject({
  url: httpUrl,
  /** The label that names a node-exporter target (ec2_sd_config relabelling may choose another). */
  instanceLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name such as instance').default('instance'),
  timeout: duration.refine((ms) => ms > 0, 'must be longer than 0').default(10_000),
  /** Link to a node's metrics; `{url}` becomes `url`, `{instance}` the node's label value. */
  consoleUrl: consoleUrl.optional(),
});

const percent = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

/** Refuses a pair of thresholds in which a node would turn unhealthy before it turns degraded. */
function degradedFirst<K extends string>(degradedKey: K, unhealthyKey: K, worse: 'higher' | 'lower', show: (value: number) => string) {
  return (pair: Record<K, number>, ctx: z.RefinementCtx) => {
    const degraded = pair[degradedKey];
    const unhealthy = pair[unhealthyKey];
    if (typeof degraded !== 'number' || typeof unhealthy !== 'number') return;
    if (worse === 'higher' ? unhealthy > degraded : unhealthy < degraded) return;
    ctx.addIssue({
      code: 'custom',
      path: [unhealthyKey],
      message: `must be ${worse === 'higher' ? 'above' : 'below'} ${degradedKey} (${show(degraded)}): a node turns degraded before it turns unhealthy`,
    });
  };
}

const asPercent = (value: number) => `${value} %`;

/** Used space (or inodes) in percent above which a node is degraded, then unhealthy. */
function usedPercent(degraded: number, unhealthy: number) {
  return z
    .strictObject({ degradedPercent: percent.default(degraded), unhealthyPercent: percent.default(unhealthy) })
    .superRefine(degradedFirst('degradedPercent', 'unhealthyPercent', 'higher', asPercent))
    .prefault({});
}

/** Per health reason, the team's runbook: a link the nodes list and the node's page show beside the reason. */
const runbooks = z
  .record(z.string(), httpUrl)
  .superRefine((given, ctx) => {
    for (const code of Object.keys(given)) {
      if (!isHealthReasonCode(code)) ctx.addIssue({ code: 'custom', path: [code], message: `is not a health reason; the reasons are ${HEALTH_REASON_CODES.join(', ')}` });
    }
  })
  .transform((given) => given as Partial<Record<HealthReasonCode, string>>)
  .default({});

/*
 * Defaults follow the node-exporter mixin's alerts, moved a step earlier where a CI builder fails a
 * build long before the mixin would page:
 * - NodeFilesystemAlmostOutOfSpace / AlmostOutOfFiles warn under 5 % available (95 % used): that is
 *   unhealthy here; degraded starts at 85 % used so there is time to clean up between builds.
 * - NodeFilesystemSpaceFillingUp / FilesFillingUp: predict_linear over 6 h says full within 24 h
 *   (warning) or 4 h (critical), only once under 40 % is available (60 % used): the minimum that
 *   keeps a big checkout on an empty disk from looking like a leak.
 * - NodeSystemSaturation warns at load per core above 2; twice that is unhealthy.
 * - NodeMemoryHighUtilization warns above 90 % used (under 10 % available); under 5 % is unhealthy.
 */
export const healthConfigSchema = z.strictObject({
  disk: usedPercent(85, 95),
  inodes: usedPercent(85, 95),
  loadPerCore: z
    .strictObject({
      degradedAbove: z.number().positive('must be above 0').default(2),
      unhealthyAbove: z.number().positive('must be above 0').default(4),
    })
    .superRefine(degradedFirst('degradedAbove', 'unhealthyAbove', 'higher', String))
    .prefault({}),
  memoryAvailable: z
    .strictObject({ degradedPercent: percent.default(10), unhealthyPercent: percent.default(5) })
    .superRefine(degradedFirst('degradedPercent', 'unhealthyPercent', 'lower', asPercent))
    .prefault({}),
  fillPrediction: z
    .strictObject({
      degradedWithin: duration.default(24 * HOUR),
      unhealthyWithin: duration.default(4 * HOUR),
      minUsedPercent: percent.default(60),
    })
    .superRefine(degradedFirst('degradedWithin', 'unhealthyWithin', 'lower', formatDuration))
    .prefault({}),
  /** An agent offline (not by a person) for longer than this makes its node unhealthy. */
  agentOfflineAfter: duration.default(5 * 60_000),
  /** Data older than this counts as unknown; without it, three node sync intervals (`sync.nodes`). */
  staleAfter: duration.optional(),
  runbooks,
});

export type PrometheusConfig = z.output<typeof prometheusConfigSchema>;
export type HealthConfig = z.output<typeof healthConfigSchema>;

/** The health config with every default resolved, as the health rules take it. */
export interface HealthThresholds extends Omit<HealthConfig, 'staleAfter' | 'runbooks'> {
  staleAfter: number;
  /**
   * Auto Scaling's view of a node comes from the group sync (`sync.asgs`), not the node sync: it is
   * stale after three of its own intervals, and never sooner than `staleAfter`.
   */
  asgStaleAfter: number;
  agentOnlineTimeout: number;
}

export function healthThresholdsOf(config: { health: HealthConfig; sync: { nodes: number; asgs?: number }; jenkins?: JenkinsConfig | undefined }): HealthThresholds {
  // One missed sync is jitter, three is not (the same rule as a source's freshness).
  const { runbooks: _runbooks, ...thresholds } = config.health;
  const staleAfter = config.health.staleAfter ?? config.sync.nodes * 3;
  return {
    ...thresholds,
    staleAfter,
    asgStaleAfter: Math.max(staleAfter, (config.sync.asgs ?? 0) * 3),
    agentOnlineTimeout: config.jenkins?.agentOnlineTimeout ?? 180_000,
  };
}

/** A link to the node's metrics in Prometheus: `consoleUrl` filled in, or a table of every series of the node. */
export function nodeMetricsUrl(prometheus: PrometheusConfig, instance: string): string {
  const base = prometheus.url.replace(/\/+$/, '');
  if (prometheus.consoleUrl) {
    return prometheus.consoleUrl.replaceAll('{url}', base).replaceAll('{instance}', encodeURIComponent(instance));
  }
  const selector = `{${prometheus.instanceLabel}="${instance.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"}`;
  return `${base}/graph?g0.expr=${encodeURIComponent(selector)}&g0.tab=1`;
}

function isHttpUrl(text: string): boolean {
  return z.url({ protocol: /^https?$/ }).safeParse(text).success;
}
