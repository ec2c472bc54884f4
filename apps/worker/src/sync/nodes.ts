import type { EC2Client } from '@aws-sdk/client-ec2';
import { evaluateNodeHealth, NODE_SYNC_KINDS, syncInstanceStatuses, syncJenkinsAgents } from '@fleet/api';
import { ec2ClientFor } from '@fleet/aws';
import type { AwsAccountConfig, JenkinsConfig } from '@fleet/core';
import { createJenkinsClient, type JenkinsClient } from '@fleet/jenkins';
import type { SyncJob } from './job.ts';

/** EC2's status checks and scheduled events for one production account and region. */
export function instanceStatusJob(account: AwsAccountConfig, region: string, intervalMs: number, ec2?: EC2Client): SyncJob {
  const client = ec2 ?? ec2ClientFor(account, region);
  return {
    key: `${NODE_SYNC_KINDS.ec2Status}:${account.id}:${region}`,
    kind: NODE_SYNC_KINDS.ec2Status,
    accountId: account.id,
    region,
    intervalMs,
    async run({ prisma, now }) {
      const { statuses } = await syncInstanceStatuses({ prisma, now, account, region, ec2: client });
      return { itemCount: statuses };
    },
  };
}

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
