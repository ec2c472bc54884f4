import { agentControllersOf, type FleetConfig, type NodeSources as RuleSources, type SourceState } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { type SourceFreshness, sourceFreshness } from '../freshness.ts';

/** The sync kinds that feed the nodes page, one row each in `sync_source` per account and region where it applies. */
export const NODE_SYNC_KINDS = {
  ec2Status: 'ec2.instance-status',
  jenkins: 'jenkins.agents',
  prometheus: 'prometheus.node-exporter',
  health: 'nodes.health',
} as const;

/** The state of a source that feeds the nodes page; `failing` includes a source whose last good read is stale. */
export type NodeSourceState = 'ok' | 'not-configured' | 'failing' | 'never-synced';

export interface NodeSourceView {
  state: NodeSourceState;
  /** The oldest last good read over the source's accounts and regions. */
  lastSuccessAt: Date | null;
  error: { code: string; message: string; at: Date | null } | null;
}

export interface NodeSources {
  ec2Status: NodeSourceView;
  jenkins: NodeSourceView;
  prometheus: NodeSourceView;
  /** The portal's own evaluation of every node's status from the three. */
  health: NodeSourceView;
}

function sourceView(rows: SourceFreshness[], configured: boolean): NodeSourceView {
  if (!configured) return { state: 'not-configured', lastSuccessAt: null, error: null };
  const successes = rows.map((r) => r.lastSuccessAt);
  const lastSuccessAt = successes.length > 0 && successes.every((at) => at !== null) ? new Date(Math.min(...successes.map((at) => at!.getTime()))) : null;
  const failing = rows.find((r) => r.state === 'failing');
  if (failing) return { state: 'failing', lastSuccessAt, error: failing.lastError ?? { code: 'failed', message: 'the last read failed without a message', at: failing.lastAttemptAt } };
  const stale = rows.find((r) => r.state === 'stale');
  if (stale) {
    const message = `no good read since ${stale.lastSuccessAt?.toISOString() ?? 'the start'}, though it should read every ${Math.round(stale.intervalMs / 1000)} s: is the sync worker running?`;
    return { state: 'failing', lastSuccessAt, error: { code: 'stale', message, at: stale.lastAttemptAt } };
  }
  if (rows.length === 0 || rows.some((r) => r.state === 'never-synced')) return { state: 'never-synced', lastSuccessAt, error: null };
  return { state: 'ok', lastSuccessAt, error: null };
}

/** Whether EC2 status, Jenkins and Prometheus are configured and read, and whether node health has been evaluated. */
export async function nodeSources(prisma: PrismaClient, config: FleetConfig, now: Date): Promise<NodeSources> {
  return nodeSourcesOf(await sourceFreshness(prisma, config, now), config);
}

export function nodeSourcesOf(rows: SourceFreshness[], config: FleetConfig): NodeSources {
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  return {
    ec2Status: sourceView(of(NODE_SYNC_KINDS.ec2Status), config.aws.productionAccounts.length > 0),
    jenkins: sourceView(of(NODE_SYNC_KINDS.jenkins), agentControllersOf(config.jenkins).length > 0),
    prometheus: sourceView(of(NODE_SYNC_KINDS.prometheus), config.prometheus !== undefined),
    health: sourceView(of(NODE_SYNC_KINDS.health), true),
  };
}

/**
 * The same states as the health rules take them: a source not read yet, failing, or whose last good
 * read is stale is `failing`, so nothing it said long ago (an agent missing, say) is taken as current.
 */
export function ruleSourcesOf(sources: NodeSources): RuleSources {
  const state = (view: NodeSourceView): SourceState => (view.state === 'ok' || view.state === 'not-configured' ? view.state : 'failing');
  return { ec2Status: state(sources.ec2Status), jenkins: state(sources.jenkins), prometheus: state(sources.prometheus) };
}

/** Whether every configured account and region's Auto Scaling groups were read, the last time without failing. */
export function groupsSynced(rows: SourceFreshness[], config: FleetConfig): boolean {
  const read = rows.filter((r) => r.kind === 'autoscaling.groups' && (r.state === 'fresh' || r.state === 'stale'));
  return config.aws.productionAccounts.every((a) => a.regions.every((region) => read.some((r) => r.accountId === a.id && r.region === region)));
}
