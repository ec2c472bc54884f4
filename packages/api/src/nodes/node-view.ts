import { commitUrl, type FleetConfig, HEALTH_REASON_CODES, type HealthStatus, healthThresholdsOf, type ReasonSeverity, type ReconcileFindingKind } from '@fleet/core';
import { type AgentState, agentStateOf, type AmiFacts, amiFactsByIds, type Node, nodeObservationOf, type PrismaClient } from '@fleet/db';
import { z } from 'zod';

/** Every reason the health rules give, for validating filters. */
export const REASON_CODES = HEALTH_REASON_CODES;

export const NODE_STATUSES = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const satisfies readonly HealthStatus[];
export const FINDING_KINDS = ['agent-without-instance', 'instance-without-agent', 'agent-offline-instance-healthy'] as const satisfies readonly ReconcileFindingKind[];
export const AGENT_STATES = ['online', 'offline', 'temporarily-offline', 'missing', 'unknown'] as const satisfies readonly AgentState[];

const storedReason = z.object({
  code: z.string(),
  severity: z.enum(['degraded', 'unhealthy', 'unknown']),
  message: z.string(),
  signal: z.string(),
  since: z.coerce.date().nullish(),
  href: z.string().startsWith('/').max(500).nullish(),
});

export interface NodeReason {
  code: string;
  severity: ReasonSeverity;
  message: string;
  signal: string;
  since: Date | null;
  /** The portal page about it, e.g. the housekeeping run that failed. */
  href: string | null;
}

/** The reasons as the health store wrote them (JSON, times as text); anything unreadable is left out. */
export function reasonsOf(json: unknown): NodeReason[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw) => {
    const parsed = storedReason.safeParse(raw);
    return parsed.success ? [{ ...parsed.data, since: parsed.data.since ?? null, href: parsed.data.href ?? null }] : [];
  });
}

export function statusOf(value: string): HealthStatus {
  return (NODE_STATUSES as readonly string[]).includes(value) ? (value as HealthStatus) : 'unknown';
}

/** The AMIs of these nodes the `ami` table knows, by image id. */
export function amisOf(prisma: PrismaClient, rows: Pick<Node, 'imageId'>[]): Promise<Map<string, AmiFacts>> {
  return amiFactsByIds(prisma, rows.flatMap((r) => (r.imageId ? [r.imageId] : [])));
}

export interface NodeViewContext {
  config: FleetConfig;
  now: Date;
  amis: Map<string, AmiFacts>;
}

/** One signal's time: when it was read, how old that is, and whether the health rules still trust it. */
function observed(at: Date, context: NodeViewContext, staleAfter: number) {
  const ageMs = Math.max(0, context.now.getTime() - at.getTime());
  return { observedAt: at, ageMs, stale: ageMs > staleAfter };
}

/** A node as the pages show it: each source's signals with their age, the AMI's commit, the derived status. */
export function nodeView(row: Node, context: NodeViewContext) {
  const { staleAfter, asgStaleAfter } = healthThresholdsOf(context.config);
  const ami = row.imageId ? context.amis.get(row.imageId) : undefined;
  const commit = ami?.currentCommit ?? null;
  // Each source's part as the health rules read it, so the page shows what they judged.
  const observation = nodeObservationOf(row);
  return {
    instanceId: row.instanceId,
    accountId: row.accountId,
    workerType: row.workerType,
    asgName: row.asgName,
    availabilityZone: row.availabilityZone,
    privateIp: row.privateIp,
    ami: row.imageId ? { imageId: row.imageId, known: ami !== undefined, name: ami?.name ?? null, commit, commitUrl: commit ? commitUrl(context.config, commit) : null } : null,
    /** Uptime counts from the boot node-exporter reports, else from the launch EC2 reports. */
    launchTime: row.launchTime,
    bootTime: row.bootTime,
    asg: row.asgObservedAt ? { lifecycleState: row.lifecycleState, healthStatus: row.healthStatus, ...observed(row.asgObservedAt, context, asgStaleAfter) } : null,
    ec2: observation.ec2Status
      ? {
          state: observation.ec2Status.instanceState,
          systemStatus: observation.ec2Status.systemStatus,
          instanceStatus: observation.ec2Status.instanceStatus,
          events: observation.ec2Status.events.map((e) => ({ code: e.code, description: e.description, notBefore: e.notBefore ?? null, notAfter: e.notAfter ?? null })),
          ...observed(observation.ec2Status.observedAt, context, staleAfter),
        }
      : null,
    // Kept when Jenkins lists no agent for the node: "no agent" is a reading of its own.
    agent: row.agentObservedAt
      ? {
          state: agentStateOf(row),
          offlineCause: row.agentOfflineCause,
          offlineSince: row.agentOfflineSince,
          executors: row.agentExecutors,
          busyExecutors: row.agentBusyExecutors,
          ...observed(row.agentObservedAt, context, staleAfter),
        }
      : null,
    exporter: observation.exporter ? { ...observation.exporter, error: row.exporterError, ...observed(observation.exporter.observedAt, context, staleAfter) } : null,
    status: statusOf(row.status),
    reasons: reasonsOf(row.reasons),
    statusSince: row.statusSince,
    evaluatedAt: row.evaluatedAt,
    firstSeenAt: row.firstSeenAt,
    goneAt: row.goneAt,
  };
}

export type NodeView = ReturnType<typeof nodeView>;
