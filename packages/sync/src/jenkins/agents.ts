import { agentControllersOf, fleetInstanceOfAgent, type JenkinsConfig } from '@fleet/core';
import { type AgentRecord, type PrismaClient, recordAgents } from '@fleet/db';
import type { JenkinsClient } from '@fleet/jenkins';
import type { SyncJob } from '../job.ts';
import { NODE_SYNC_KINDS } from '../nodes/sources.ts';
import { jenkinsClientFor, requireClient } from './clients.ts';

interface ControllerAgents {
  agents: AgentRecord[];
  /** Fleet agents the controller listed in a shape the portal refused (absurd numbers, missing fields), by instance id. */
  unread: string[];
  warnings: string[];
}

/** The fleet's agents of one controller, by the instance each runs on; other agents are not the fleet's. */
async function readAgents(controller: string, jenkins: JenkinsClient): Promise<ControllerAgents> {
  const { computers, unreadable } = await jenkins.computers();
  const agents = computers.flatMap((a) => {
    const instanceId = fleetInstanceOfAgent(a.name);
    if (!instanceId) return [];
    return [
      {
        name: instanceId,
        controller,
        offline: a.offline,
        temporarilyOffline: a.temporarilyOffline,
        offlineCauseReason: a.offlineCauseReason,
        numExecutors: a.numExecutors,
        busyExecutors: a.busyExecutors,
      },
    ];
  });
  const warnings = unreadable.map((c) => `Jenkins controller ${controller} described computer ${c.name ?? '(no name)'} in a way the portal refused (${c.problem}); its last reading is kept`);
  return { agents, unread: unreadable.flatMap((c) => (c.name ? [fleetInstanceOfAgent(c.name)].filter((id): id is string => id !== null) : [])), warnings };
}

/**
 * Reads every agent controller and records their agents together: a node is without an agent only
 * when no controller has one for it, so a controller that cannot be read fails the whole read
 * rather than making its agents look missing.
 */
export async function syncJenkinsAgents(input: { prisma: PrismaClient; now: () => Date; controllers: { name: string; client: JenkinsClient }[] }): Promise<{ agents: number; warnings: string[] }> {
  const read = await Promise.all(input.controllers.map((c) => readAgents(c.name, c.client)));
  const agents = read.flatMap((r) => r.agents);
  await recordAgents(input.prisma, agents, input.now(), read.flatMap((r) => r.unread));
  return { agents: agents.length, warnings: read.flatMap((r) => r.warnings) };
}

/** The Jenkins agents of the fleet, from every controller whose agents are fleet nodes. */
export function jenkinsAgentsJob(jenkins: JenkinsConfig, intervalMs: number, env: Readonly<Record<string, string | undefined>> = process.env): SyncJob {
  const controllers = agentControllersOf(jenkins).map((c) => ({ name: c.name, client: jenkinsClientFor(c, env) }));
  return {
    key: NODE_SYNC_KINDS.jenkins,
    kind: NODE_SYNC_KINDS.jenkins,
    intervalMs,
    async run({ prisma, now }) {
      const clients = controllers.map((c) => ({ name: c.name, client: requireClient(c.client) }));
      const { agents, warnings } = await syncJenkinsAgents({ prisma, now, controllers: clients });
      return { itemCount: agents, warnings };
    },
  };
}
