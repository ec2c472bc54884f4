import type { ExporterRecord } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { SEEN_BY } from './node-seen.ts';
import { writeNodes } from './node-table-lock.ts';

/**
 * Each source writes only its own columns of `node`, for many nodes in one statement: a fleet of
 * thousands is one round trip per source and sync, not one per node.
 */
async function updateFromRecords(tx: PrismaClient, columns: Record<string, string>, assignments: string, records: object[], changed = 'true'): Promise<number> {
  if (records.length === 0) return 0;
  const definition = Object.entries(columns)
    .map(([name, type]) => `"${name}" ${type}`)
    .join(', ');
  return tx.$executeRawUnsafe(
    `UPDATE node AS n SET ${assignments} FROM jsonb_to_recordset($1::jsonb) AS x(${definition}) WHERE n.instance_id = x.instance_id AND (${changed})`,
    JSON.stringify(records),
  );
}

/** One source's columns of many nodes, under the node table's writer lock. */
function updateNodes(prisma: PrismaClient, columns: Record<string, string>, assignments: string, records: object[]): Promise<number> {
  if (records.length === 0) return Promise.resolve(0);
  return writeNodes(prisma, (tx) => updateFromRecords(tx, columns, assignments, records));
}

/**
 * Makes a node of every instance the Auto Scaling sync knows, and copies the group's view of it
 * (lifecycle, health, AZ, AMI). Instances that left their group keep their node, marked gone.
 * The Auto Scaling sync writes an instance only when it changes, and so does this copy: a node
 * still in its group was also seen at its group's source's last success (`nodeSeenTimes`).
 */
export async function syncNodesFromGroups(prisma: PrismaClient, at: Date): Promise<void> {
  await writeNodes(prisma, (tx) =>
    tx.$executeRawUnsafe(
      `INSERT INTO node (instance_id, account_id, region, asg_name, worker_type, availability_zone, image_id, private_ip, launch_time,
                       lifecycle_state, health_status, asg_observed_at, status_since, evaluated_at, first_seen_at, last_seen_at, gone_at)
     SELECT i.instance_id, g.account_id, g.region, i.asg_name, g.worker_type, i.availability_zone, i.image_id, i.private_ip, i.launch_time,
            i.lifecycle_state, i.health_status, i.last_seen_at, $1::timestamp(3), $1::timestamp(3), i.first_seen_at, i.last_seen_at, i.gone_at
       FROM asg_instance i JOIN asg g ON g.name = i.asg_name
     ON CONFLICT (instance_id) DO UPDATE SET
       account_id = EXCLUDED.account_id, region = EXCLUDED.region, asg_name = EXCLUDED.asg_name, worker_type = EXCLUDED.worker_type,
       availability_zone = EXCLUDED.availability_zone, image_id = EXCLUDED.image_id, private_ip = EXCLUDED.private_ip,
       launch_time = EXCLUDED.launch_time, lifecycle_state = EXCLUDED.lifecycle_state, health_status = EXCLUDED.health_status,
       asg_observed_at = EXCLUDED.asg_observed_at, last_seen_at = GREATEST(node.last_seen_at, EXCLUDED.last_seen_at),
       gone_at = EXCLUDED.gone_at
     WHERE node.asg_observed_at IS DISTINCT FROM EXCLUDED.asg_observed_at OR node.gone_at IS DISTINCT FROM EXCLUDED.gone_at
        OR node.lifecycle_state IS DISTINCT FROM EXCLUDED.lifecycle_state OR node.health_status IS DISTINCT FROM EXCLUDED.health_status
        OR node.asg_name IS DISTINCT FROM EXCLUDED.asg_name OR node.image_id IS DISTINCT FROM EXCLUDED.image_id
        OR node.account_id IS DISTINCT FROM EXCLUDED.account_id OR node.region IS DISTINCT FROM EXCLUDED.region`,
      at.toISOString(),
    ),
  );
}

export type Ec2CheckStatus = 'ok' | 'impaired' | 'initializing' | 'insufficient-data' | 'not-applicable';

export interface Ec2StatusRecord {
  instanceId: string;
  state: string;
  systemStatus: Ec2CheckStatus;
  instanceStatus: Ec2CheckStatus;
  events: { code: string; description: string; notBefore: Date | null; notAfter: Date | null }[];
}

/** The account and region one EC2 status listing covers. */
export interface Ec2StatusScope {
  accountId: string;
  region: string;
}

/**
 * EC2's status checks and scheduled events of one account and region's listing, written only for
 * the nodes whose reading changed (or that were not listed before): a node listed again unchanged
 * was seen at this source's success, which `nodeSeenTimes` adds when reading. A node of the scope
 * the listing no longer has keeps its last reading, stamped with the last good read that had it.
 * Returns the nodes written.
 */
export function recordEc2Statuses(prisma: PrismaClient, statuses: Ec2StatusRecord[], at: Date, scope: Ec2StatusScope): Promise<number> {
  const records = statuses.map((s) => ({ instance_id: s.instanceId, state: s.state, system_status: s.systemStatus, instance_status: s.instanceStatus, events: s.events }));
  return writeNodes(prisma, async (tx) => {
    const changed = await updateFromRecords(
      tx,
      { instance_id: 'text', state: 'text', system_status: 'text', instance_status: 'text', events: 'jsonb' },
      `ec2_state = x.state, ec2_system_status = x.system_status, ec2_instance_status = x.instance_status, ec2_events = x.events, ec2_listed = true,
       ec2_observed_at = '${at.toISOString()}'`,
      records,
      `NOT n.ec2_listed OR n.ec2_state IS DISTINCT FROM x.state OR n.ec2_system_status IS DISTINCT FROM x.system_status
        OR n.ec2_instance_status IS DISTINCT FROM x.instance_status OR n.ec2_events IS DISTINCT FROM x.events`,
    );
    // Read before this listing's success is recorded: the last good read, which still had them.
    const unlisted = await tx.$executeRawUnsafe(
      `UPDATE node SET ec2_listed = false,
              ec2_observed_at = GREATEST(ec2_observed_at,
                (SELECT s.last_success_at FROM sync_source s WHERE s.kind = '${SEEN_BY.ec2Status}' AND s.account_id = $2 AND s.region = $3))
        WHERE ec2_listed AND account_id = $2 AND region = $3 AND instance_id <> ALL($1::text[])`,
      records.map((r) => r.instance_id),
      scope.accountId,
      scope.region,
    );
    return changed + unlisted;
  });
}

export interface AgentRecord {
  /** The EC2 Fleet plugin names an agent after its instance id. */
  name: string;
  /** The controller it is an agent of. */
  controller: string;
  offline: boolean;
  temporarilyOffline: boolean;
  offlineCauseReason: string;
  numExecutors: number;
  busyExecutors: number;
}

/**
 * Jenkins's agents, matched to nodes by name. Every node of the fleet is marked with or without an
 * agent (an `unread` one, listed but refused, is left as it was); an agent whose instance the portal has never seen becomes a node of its own, so the
 * reconciliation can say "agent without instance". The start of an offline spell is kept.
 */
export async function recordAgents(prisma: PrismaClient, agents: AgentRecord[], at: Date, unread: readonly string[] = []): Promise<void> {
  const stamp = at.toISOString();
  // Agents Jenkins listed in a shape the portal refused keep what was last recorded of them.
  const listed = [...agents.map((a) => a.name), ...unread];
  await writeNodes(prisma, async (tx) => {
    await tx.$executeRawUnsafe(
      `INSERT INTO node (instance_id, status_since, evaluated_at, first_seen_at, last_seen_at)
       SELECT x.name, $2::timestamp(3), $2::timestamp(3), $2::timestamp(3), $2::timestamp(3) FROM jsonb_to_recordset($1::jsonb) AS x(name text)
       ON CONFLICT (instance_id) DO NOTHING`,
      JSON.stringify(agents.map((a) => ({ name: a.name }))),
      stamp,
    );
    await tx.$executeRawUnsafe(
      `UPDATE node SET agent_present = false, agent_controller = NULL, agent_offline = NULL, agent_temporarily_offline = NULL, agent_offline_cause = NULL,
              agent_offline_since = NULL, agent_executors = NULL, agent_busy_executors = NULL, agent_observed_at = '${stamp}'
        WHERE instance_id <> ALL($1::text[])`,
      listed,
    );
    await updateFromRecords(
      tx,
      { instance_id: 'text', controller: 'text', offline: 'boolean', temporarily_offline: 'boolean', cause: 'text', executors: 'int', busy: 'int' },
      `agent_present = true, agent_controller = x.controller, agent_offline = x.offline, agent_temporarily_offline = x.temporarily_offline, agent_offline_cause = x.cause,
       agent_offline_since = CASE WHEN NOT x.offline THEN NULL WHEN n.agent_offline IS TRUE THEN COALESCE(n.agent_offline_since, '${stamp}') ELSE '${stamp}' END,
       agent_executors = x.executors, agent_busy_executors = x.busy, agent_observed_at = '${stamp}'`,
      agents.map((a) => ({
        instance_id: a.name,
        controller: a.controller,
        offline: a.offline,
        temporarily_offline: a.temporarilyOffline,
        cause: a.offlineCauseReason || null,
        executors: a.numExecutors,
        busy: a.busyExecutors,
      })),
    );
  });
}

/** node-exporter's figures as Prometheus has them; nodes Prometheus does not know are left untouched. */
export function recordExporterSignals(prisma: PrismaClient, records: ExporterRecord[], at: Date): Promise<number> {
  return updateNodes(
    prisma,
    {
      instance_id: 'text',
      up: 'boolean',
      error: 'text',
      disk: 'float8',
      mount: 'text',
      inodes: 'float8',
      load: 'float8',
      memory: 'float8',
      disk_full: 'float8',
      inodes_full: 'float8',
      boot: 'timestamp(3)',
    },
    `exporter_up = x.up, exporter_error = x.error, disk_used_percent = x.disk, disk_mountpoint = x.mount, inodes_used_percent = x.inodes, load_per_core = x.load,
     memory_available_percent = x.memory, disk_full_in_hours = x.disk_full, inodes_full_in_hours = x.inodes_full, boot_time = x.boot,
     exporter_observed_at = '${at.toISOString()}'`,
    records.map((r) => ({
      instance_id: r.instanceId,
      up: r.up,
      error: r.error,
      disk: r.diskUsedPercent,
      mount: r.diskMountpoint ?? null,
      inodes: r.inodesUsedPercent,
      load: r.loadPerCore,
      memory: r.memoryAvailablePercent,
      disk_full: r.diskFullInHours,
      inodes_full: r.inodesFullInHours,
      boot: r.bootTime?.toISOString() ?? null,
    })),
  );
}
