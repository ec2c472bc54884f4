import type { EC2Client } from '@aws-sdk/client-ec2';
import { describeInstanceStatuses } from '@fleet/aws';
import {
  type AwsAccountConfig,
  assessNodeHealth,
  type FleetConfig,
  healthThresholdsOf,
  isFleetAgentName,
  type NodeObservation,
  reconcileNodes,
  type StatusCheck,
} from '@fleet/core';
import {
  type ExporterRecord,
  type PrismaClient,
  recordAgents,
  recordEc2Statuses,
  recordExporterSignals,
  recordFindings,
  recordNodeHealth,
  syncNodesFromGroups,
} from '@fleet/db';
import type { JenkinsClient } from '@fleet/jenkins';
import { sourceFreshness } from './health.ts';
import { groupsSynced, nodeSourcesOf, ruleSourcesOf } from './node-sources.ts';

interface NodeSyncBase {
  prisma: PrismaClient;
  now: () => Date;
}

/**
 * Makes a node of every instance the Auto Scaling sync knows, then reads EC2's status checks and
 * scheduled events of the whole region in one paged listing.
 */
export async function syncInstanceStatuses(input: NodeSyncBase & { account: AwsAccountConfig; region: string; ec2: EC2Client }): Promise<{ statuses: number }> {
  const { prisma, account, region } = input;
  await syncNodesFromGroups(prisma, input.now());
  const statuses = await describeInstanceStatuses(input.ec2, `EC2 DescribeInstanceStatus in account ${account.name} (${account.id}, ${region})`);
  await recordEc2Statuses(
    prisma,
    statuses.map((s) => ({ instanceId: s.instanceId, state: s.state, systemStatus: s.systemStatus, instanceStatus: s.instanceStatus, events: s.events })),
    input.now(),
  );
  return { statuses: statuses.length };
}

/** Reads the controller's agents; only those named like an instance are the fleet's (the EC2 Fleet plugin's habit). */
export async function syncJenkinsAgents(input: NodeSyncBase & { jenkins: JenkinsClient }): Promise<{ agents: number }> {
  const { computers } = await input.jenkins.computers();
  const agents = computers.filter((c) => isFleetAgentName(c.name));
  await recordAgents(
    input.prisma,
    agents.map((a) => ({
      name: a.name,
      offline: a.offline,
      temporarilyOffline: a.temporarilyOffline,
      offlineCauseReason: a.offlineCauseReason,
      numExecutors: a.numExecutors,
      busyExecutors: a.busyExecutors,
    })),
    input.now(),
  );
  return { agents: agents.length };
}

export interface ExporterReading {
  signals: Iterable<ExporterRecord>;
  /** Prometheus's own warnings and what could not be read. */
  warnings: string[];
}

/**
 * node-exporter's figures for the whole fleet, as Prometheus has them. Series not named by an
 * instance id cannot be joined to a node: they are left out, and the warnings say so.
 */
export async function syncExporterSignals(input: NodeSyncBase & { read: () => Promise<ExporterReading> }): Promise<{ targets: number; warnings: string[] }> {
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

type NodeRow = Awaited<ReturnType<PrismaClient['node']['findMany']>>[number];

const CHECKS = new Set<string>(['ok', 'impaired', 'initializing', 'insufficient-data', 'not-applicable']);
const check = (value: string | null): StatusCheck => (value && CHECKS.has(value) ? (value as StatusCheck) : 'insufficient-data');

interface StoredEvent {
  code: string;
  description: string;
  notBefore: string | null;
  notAfter: string | null;
}

const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null);

/** A stored node as the health rules read it: each source's part only once that source has observed it. */
export function nodeObservationOf(row: NodeRow): NodeObservation {
  return {
    instanceId: row.instanceId,
    workerType: row.workerType,
    groupName: row.asgName,
    availabilityZone: row.availabilityZone,
    imageId: row.imageId,
    launchTime: row.launchTime,
    asg:
      row.asgObservedAt && row.lifecycleState && row.goneAt === null
        ? { lifecycleState: row.lifecycleState, healthStatus: row.healthStatus ?? 'Unknown', observedAt: row.asgObservedAt }
        : null,
    ec2Status:
      row.ec2ObservedAt && row.ec2State
        ? {
            instanceState: row.ec2State,
            systemStatus: check(row.ec2SystemStatus),
            instanceStatus: check(row.ec2InstanceStatus),
            events: ((row.ec2Events ?? []) as unknown as StoredEvent[]).map((e) => ({
              code: e.code,
              description: e.description,
              notBefore: dateOrNull(e.notBefore),
              notAfter: dateOrNull(e.notAfter),
            })),
            observedAt: row.ec2ObservedAt,
          }
        : null,
    agent:
      row.agentPresent && row.agentObservedAt
        ? {
            name: row.instanceId,
            offline: row.agentOffline ?? false,
            temporarilyOffline: row.agentTemporarilyOffline ?? false,
            offlineCauseReason: row.agentOfflineCause ?? '',
            offlineSince: row.agentOfflineSince,
            numExecutors: row.agentExecutors ?? 0,
            busyExecutors: row.agentBusyExecutors ?? 0,
            observedAt: row.agentObservedAt,
          }
        : null,
    exporter:
      row.exporterObservedAt && row.exporterUp !== null
        ? {
            up: row.exporterUp,
            diskUsedPercent: row.diskUsedPercent,
            diskMountpoint: row.diskMountpoint,
            inodesUsedPercent: row.inodesUsedPercent,
            loadPerCore: row.loadPerCore,
            memoryAvailablePercent: row.memoryAvailablePercent,
            diskFullInHours: row.diskFullInHours,
            inodesFullInHours: row.inodesFullInHours,
            bootTime: row.bootTime,
            observedAt: row.exporterObservedAt,
          }
        : null,
  };
}

/**
 * Derives every node's status from what each source last said, writes it with a history row where
 * it changed, and lists where AWS and Jenkins disagree.
 */
export async function evaluateNodeHealth(input: NodeSyncBase & { config: FleetConfig }): Promise<{ nodes: number; changed: number; findings: number }> {
  const { prisma, config } = input;
  const now = input.now();
  const thresholds = healthThresholdsOf(config);
  const freshness = await sourceFreshness(prisma, config, now);
  const sources = ruleSourcesOf(nodeSourcesOf(freshness, config));
  // The groups' members as the Auto Scaling sync last saw them, even while EC2's status listing fails.
  await syncNodesFromGroups(prisma, now);
  const rows = await prisma.node.findMany({ where: { OR: [{ goneAt: null }, { agentPresent: true }] } });
  const observations = rows.map(nodeObservationOf);
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
