import {
  type AccountCallRate,
  type AwsCallCount,
  type AwsPacing,
  callRatesByAccount,
  type Freshness,
  type FleetConfig,
  freshnessOf,
  readCallCounts,
  readPacing,
  type SyncSourceRecord,
} from '@fleet/core';
import { listSyncSources, type PrismaClient } from '@fleet/db';

export interface SourceFreshness extends Freshness {
  key: string;
  kind: string;
  label: string;
  accountId: string | null;
  region: string | null;
  intervalMs: number;
  lastSuccessAt: Date | null;
  lastAttemptAt: Date | null;
  lastError: { code: string; message: string; at: Date | null } | null;
  consecutiveFailures: number;
  /** What the last good sync said was missing from an answer that otherwise worked. */
  warnings: string[];
  /** The AWS calls of its last run, per account, region and API, and how each account's service was paced. */
  calls: AwsCallCount[];
  pacing: AwsPacing[];
  /** The interval it runs at now (shorter while something it follows moves); the configured one until it said. */
  currentIntervalMs: number;
  /** Its last run's AWS calls, repeated at the interval it runs at now. */
  callsPerMinute: number;
}

/** What the portal costs one AWS account, for /healthz and the sources panel. */
export interface AccountCalls extends AccountCallRate {
  name: string;
}

const KIND_LABELS: Record<string, string> = {
  'ec2.images': 'AMIs (EC2 DescribeImages)',
  'ec2.launch-permissions': 'AMI sharing (launch permissions)',
  'git.infra-repo': 'Infra repo history (git)',
  'sts.identity': 'AWS credentials (STS)',
  'autoscaling.groups': 'Auto Scaling groups and refreshes',
  'actions.reconcile': 'Unfinished actions (reconciler)',
  'ec2.instance-status': 'EC2 status checks and scheduled events',
  'jenkins.agents': 'Jenkins agents',
  'jenkins.bakes': 'AMI bakes (Jenkins)',
  'jenkins.housekeeping': 'Housekeeping runs (Jenkins)',
  'jenkins.clouds': 'EC2 Fleet clouds (Jenkins)',
  'prometheus.node-exporter': 'node-exporter (Prometheus)',
  'nodes.health': 'Node health (derived)',
  'cloudtrail.changes': 'Changes outside the portal (CloudTrail)',
  'audit.retention': 'Audit trail retention archive',
};

export function intervalFor(kind: string, config: FleetConfig): number {
  if (kind === 'ec2.images') return config.sync.images;
  if (kind === 'ec2.launch-permissions') return config.sync.launchPermissions;
  if (kind === 'git.infra-repo') return config.sync.infraRepo;
  if (kind === 'sts.identity') return 3_600_000;
  if (kind === 'autoscaling.groups') return config.sync.asgs;
  if (kind === 'actions.reconcile') return 60_000;
  if (kind === 'cloudtrail.changes') return config.audit.cloudTrail?.every ?? 300_000;
  if (kind === 'audit.retention') return config.audit.retention?.every ?? 3_600_000;
  if (kind === 'jenkins.bakes' || kind === 'jenkins.housekeeping') return config.sync.jenkinsJobs;
  if (kind === 'jenkins.clouds') return config.sync.jenkinsClouds;
  if (kind === 'ec2.instance-status' || kind === 'jenkins.agents' || kind === 'prometheus.node-exporter' || kind === 'nodes.health') return config.sync.nodes;
  return config.sync.images;
}

function accountName(config: FleetConfig, accountId: string | null): string | null {
  if (!accountId) return null;
  const all = [config.aws.buildAccount, ...config.aws.productionAccounts];
  return all.find((a) => a.id === accountId)?.name ?? accountId;
}

export async function sourceFreshness(prisma: PrismaClient, config: FleetConfig, now: Date): Promise<SourceFreshness[]> {
  const sources = await listSyncSources(prisma);
  return sources.map((source) => {
    const intervalMs = intervalFor(source.kind, config);
    const calls = readCallCounts(source.lastCalls);
    const currentIntervalMs = source.currentIntervalMs ?? intervalMs;
    const spent = calls.reduce((sum, count) => sum + count.calls, 0);
    const account = accountName(config, source.accountId);
    // A Jenkins source is one per controller, keyed `<kind>:<controller>`.
    const controller = source.kind.startsWith('jenkins.') && source.key.startsWith(`${source.kind}:`) ? source.key.slice(source.kind.length + 1) : null;
    const label = [KIND_LABELS[source.kind] ?? source.kind, account && `${account}`, source.region, controller].filter(Boolean).join(' · ');
    return {
      key: source.key,
      kind: source.kind,
      label,
      accountId: source.accountId,
      region: source.region,
      intervalMs,
      lastSuccessAt: source.lastSuccessAt,
      lastAttemptAt: source.lastAttemptAt,
      lastError: source.lastErrorCode
        ? { code: source.lastErrorCode, message: source.lastErrorMessage ?? '', at: source.lastErrorAt }
        : null,
      consecutiveFailures: source.consecutiveFailures,
      warnings: source.lastWarnings ?? [],
      calls,
      pacing: readPacing(source.lastPacing),
      currentIntervalMs,
      callsPerMinute: Math.round(((spent * 60_000) / currentIntervalMs) * 10) / 10,
      ...freshnessOf(source satisfies SyncSourceRecord, intervalMs, now),
    };
  });
}

/** Calls a minute per AWS account, over every source that calls it, highest first within each account. */
export function accountCalls(sources: readonly SourceFreshness[], config: FleetConfig): AccountCalls[] {
  return callRatesByAccount(sources.map((s) => ({ calls: s.calls, pacing: s.pacing, intervalMs: s.currentIntervalMs }))).map((rate) => ({
    ...rate,
    name: accountName(config, rate.accountId) ?? rate.accountId,
  }));
}
