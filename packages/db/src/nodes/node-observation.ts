import type { NodeObservation, StatusCheck } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { nodeSeenTimes } from './node-seen.ts';

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

/** The nodes the health rules judge: every live one, and agents whose instance has gone; with the time each source last saw them. */
export async function listNodesToEvaluate(prisma: PrismaClient) {
  return nodeSeenTimes(prisma, await prisma.node.findMany({ where: { OR: [{ goneAt: null }, { agentPresent: true }] } }));
}
