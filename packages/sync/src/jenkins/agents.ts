import { type JenkinsConfig, isFleetAgentName } from '@fleet/core';
import { type PrismaClient, recordAgents } from '@fleet/db';
import { createJenkinsClient, type JenkinsClient } from '@fleet/jenkins';
import type { SyncJob } from '../job.ts';
import { NODE_SYNC_KINDS } from '../nodes/sources.ts';

export class MissingTokenError extends Error {
  readonly code = 'config';
}

/** The controller's client; a user without a token in the environment is a configuration error, said at each run. */
export function jenkinsClientFor(jenkins: JenkinsConfig, env: Readonly<Record<string, string | undefined>>): JenkinsClient | MissingTokenError {
  const token = env[jenkins.tokenEnv];
  if (jenkins.user && !token) {
    return new MissingTokenError(`jenkins.user is ${jenkins.user} but ${jenkins.tokenEnv} is not set: put that user's API token in ${jenkins.tokenEnv}`);
  }
  return createJenkinsClient({ url: jenkins.url, user: jenkins.user, token });
}

/** Reads the controller's agents; only those named like an instance are the fleet's (the EC2 Fleet plugin's habit). */
export async function syncJenkinsAgents(input: { prisma: PrismaClient; now: () => Date; jenkins: JenkinsClient }): Promise<{ agents: number }> {
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

/** The Jenkins agents of the fleet. */
export function jenkinsAgentsJob(jenkins: JenkinsConfig, intervalMs: number, env: Readonly<Record<string, string | undefined>> = process.env): SyncJob {
  const client = jenkinsClientFor(jenkins, env);
  return {
    key: NODE_SYNC_KINDS.jenkins,
    kind: NODE_SYNC_KINDS.jenkins,
    intervalMs,
    async run({ prisma, now }) {
      if (client instanceof Error) throw client;
      const { agents } = await syncJenkinsAgents({ prisma, now, jenkins: client });
      return { itemCount: agents };
    },
  };
}
