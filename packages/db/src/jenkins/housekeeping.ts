import type { AnsibleRecapCounts, HostnameSource, HousekeepingObservation, TaskFailure } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { jsonInput } from '../json-input.ts';

export interface HostRecap {
  host: string;
  counts: AnsibleRecapCounts;
  failures: Pick<TaskFailure, 'task' | 'outcome' | 'message' | 'item'>[];
}

/**
 * The nodes the inventory's host names point at, trying the naming sources in the config's order
 * as aws_ec2's `hostnames` does. A live node wins over one that left; an address used by two
 * instances over time points at the one seen last.
 */
export async function instancesOfHosts(prisma: PrismaClient, hosts: readonly string[], sources: readonly HostnameSource[]): Promise<Map<string, string>> {
  if (hosts.length === 0) return new Map();
  const nodes = await prisma.node.findMany({
    where: { OR: [{ instanceId: { in: [...hosts] } }, { privateIp: { in: [...hosts] } }] },
    select: { instanceId: true, privateIp: true, goneAt: true, lastSeenAt: true },
    orderBy: [{ lastSeenAt: 'desc' }],
  });
  const live = [...nodes].sort((a, b) => Number(a.goneAt !== null) - Number(b.goneAt !== null));
  const found = new Map<string, string>();
  for (const host of hosts) {
    for (const source of sources) {
      const node = live.find((n) => (source === 'instance-id' ? n.instanceId === host : n.privateIp === host));
      if (node) {
        found.set(host, node.instanceId);
        break;
      }
    }
  }
  return found;
}

/**
 * Joins to their nodes the recap hosts no node was known for when their run was read (a run read
 * before the first Auto Scaling sync, a node that appeared later), by the same naming sources.
 */
export async function resolveHousekeepingHosts(prisma: PrismaClient, sources: readonly HostnameSource[]): Promise<number> {
  let resolved = 0;
  for (const source of sources) {
    const column = source === 'instance-id' ? 'instance_id' : 'private_ip';
    resolved += await prisma.$executeRawUnsafe(
      `UPDATE housekeeping_host h SET instance_id = n.instance_id
         FROM (SELECT DISTINCT ON (${column}) ${column} AS host, instance_id FROM node WHERE ${column} IS NOT NULL ORDER BY ${column}, gone_at IS NOT NULL, last_seen_at DESC) n
        WHERE h.instance_id IS NULL AND h.host = n.host`,
    );
  }
  return resolved;
}

/** A run's PLAY RECAP, written once its console is whole; writing it again replaces it. */
export async function recordHousekeepingHosts(prisma: PrismaClient, buildId: string, recaps: readonly HostRecap[], instances: ReadonlyMap<string, string>): Promise<void> {
  await prisma.$transaction([
    prisma.housekeepingHost.deleteMany({ where: { buildId } }),
    prisma.housekeepingHost.createMany({
      data: recaps.map((r) => ({
        buildId,
        host: r.host,
        instanceId: instances.get(r.host) ?? null,
        ...r.counts,
        failures: jsonInput(r.failures.map((f) => ({ task: f.task, outcome: f.outcome, message: f.message, item: f.item }))),
      })),
    }),
  ]);
}

export function listHousekeepingHosts(prisma: PrismaClient, buildId: string) {
  return prisma.housekeepingHost.findMany({ where: { buildId }, orderBy: [{ unreachable: 'desc' }, { failed: 'desc' }, { host: 'asc' }] });
}

/** The hosts of these runs, for the hosts × runs matrix. */
export function listHostsOfRuns(prisma: PrismaClient, buildIds: readonly string[]) {
  return prisma.housekeepingHost.findMany({ where: { buildId: { in: [...buildIds] } }, select: { buildId: true, host: true, instanceId: true, changed: true, failed: true, unreachable: true } });
}

/**
 * Each node's last runs of each housekeeping job, the newest first, at most `perJob`: what the
 * health rules weigh. One query with a window, whatever the size of the fleet.
 */
export async function recentHousekeepingByInstance(prisma: PrismaClient, perJob: number): Promise<Map<string, HousekeepingObservation[]>> {
  const rows = await prisma.$queryRaw<{ instance_id: string; job: string; id: string; at: Date; failed: boolean }[]>`
    SELECT instance_id, job, id, at, failed FROM (
      SELECT h.instance_id, b.job, b.id, COALESCE(b.started_at, b.requested_at) AS at, (h.failed > 0 OR h.unreachable > 0) AS failed,
             row_number() OVER (PARTITION BY h.instance_id, b.job ORDER BY COALESCE(b.started_at, b.requested_at) DESC) AS rank
        FROM housekeeping_host h JOIN jenkins_build b ON b.id = h.build_id
       WHERE h.instance_id IS NOT NULL AND b.log_complete
    ) ranked
    WHERE rank <= ${perJob}
    ORDER BY instance_id, job, at DESC`;
  const byInstance = new Map<string, HousekeepingObservation[]>();
  for (const row of rows) {
    const jobs = byInstance.get(row.instance_id) ?? [];
    let job = jobs.find((j) => j.job === row.job);
    if (!job) {
      job = { job: row.job, runs: [] };
      jobs.push(job);
    }
    job.runs.push({ runId: row.id, at: row.at, failed: row.failed });
    byInstance.set(row.instance_id, jobs);
  }
  return byInstance;
}
