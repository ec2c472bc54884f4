import {
  assessNodeHealth,
  type FleetConfig,
  healthThresholdsOf,
  HOUSEKEEPING_RUNS_WEIGHED,
  reconcileNodes,
} from '@fleet/core';
import { listNodesToEvaluate, nodeObservationOf, type PrismaClient, recentHousekeepingByInstance, recordFindings, recordNodeHealth, syncNodesFromGroups } from '@fleet/db';
import { sourceFreshness } from '../freshness.ts';
import type { SyncJob } from '../job.ts';
import { groupsSynced, NODE_SYNC_KINDS, nodeSourcesOf, ruleSourcesOf } from './sources.ts';

/**
 * Derives every node's status from what each source last said, writes it with a history row where
 * it changed, and lists where AWS and Jenkins disagree.
 */
export async function evaluateNodeHealth(input: { prisma: PrismaClient; now: () => Date; config: FleetConfig }): Promise<{ nodes: number; changed: number; findings: number }> {
  const { prisma, config } = input;
  const now = input.now();
  const thresholds = healthThresholdsOf(config);
  const freshness = await sourceFreshness(prisma, config, now);
  const sources = ruleSourcesOf(nodeSourcesOf(freshness, config));
  // The groups' members as the Auto Scaling sync last saw them, even while EC2's status listing fails.
  await syncNodesFromGroups(prisma, now);
  const [rows, housekeeping] = await Promise.all([listNodesToEvaluate(prisma), recentHousekeepingByInstance(prisma, HOUSEKEEPING_RUNS_WEIGHED)]);
  const observations = rows.map((row) => ({ ...nodeObservationOf(row), housekeeping: housekeeping.get(row.instanceId) ?? null }));
  const evaluations = observations
    .filter((_, i) => rows[i]!.goneAt === null)
    .map((observation) => ({ instanceId: observation.instanceId, ...assessNodeHealth(observation, { sources, thresholds, now }) }));
  const { changed } = await recordNodeHealth(prisma, evaluations, now);

  // Reconciliation needs both sides read, Auto Scaling's members included: before the first group
  // sync every agent would look like one without an instance.
  let findings = 0;
  if (sources.jenkins === 'ok' && sources.ec2Status === 'ok' && groupsSynced(freshness, config)) {
    // Instances AWS lists: live group members, and those that left with the state EC2 last gave them.
    const instances = observations.filter((o, i) => (rows[i]!.goneAt === null ? rows[i]!.asgObservedAt !== null || o.ec2Status !== null : o.ec2Status !== null));
    const agents = observations.flatMap((o) => (o.agent ? [o.agent] : []));
    const found = reconcileNodes({ instances, agents, now, thresholds });
    await recordFindings(
      prisma,
      found.map((f) => ({ kind: f.kind, instanceId: f.instanceId, agentName: f.agentName, message: f.message, since: f.since })),
      now,
    );
    findings = found.length;
  }
  return { nodes: evaluations.length, changed, findings };
}

/** Every node's derived status from what the sources last said, and the AWS/Jenkins findings. */
export function nodeHealthJob(intervalMs: number): SyncJob {
  return {
    key: NODE_SYNC_KINDS.health,
    kind: NODE_SYNC_KINDS.health,
    intervalMs,
    async run({ prisma, config, now }) {
      const { nodes } = await evaluateNodeHealth({ prisma, config, now });
      return { itemCount: nodes };
    },
  };
}
