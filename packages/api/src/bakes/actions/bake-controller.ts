import { bakeControllerOf, type FleetConfig } from '@fleet/core';
import { findJenkinsBuildByAction, type JenkinsBuildRow, type PrismaClient, recordQueueState } from '@fleet/db';
import { JenkinsFailure, type JenkinsClient } from '@fleet/jenkins';
import { jenkinsClientFor, requireClient } from '@fleet/sync';
import { ActionError } from '../../guard/action-definition.ts';

/** The controller with the bake job, its job and a client, or the refusal that says what to configure. */
export function bakeTarget(config: FleetConfig) {
  const found = bakeControllerOf(config.jenkins);
  if (!found) throw new ActionError('no-bake-job', 'No Jenkins controller in jenkins.controllers has a bake job: add `bake: { job: … }` to the controller that runs build_images.sh.');
  const client = jenkinsClientFor(found.controller, process.env);
  if (client instanceof Error) throw new ActionError('jenkins-config', client.message);
  return { ...found, client: requireClient(client) };
}

/**
 * Failures where Jenkins answered and did nothing: the journal can say so for certain. `server` is
 * Jenkins's own error page (503 while it restarts or quiets down, a 500): it queues before it
 * answers 201, so an error answer queued nothing; a proxy's 502/504 is `outcome-unknown` instead.
 */
const REFUSED = new Set(['refused', 'auth', 'forbidden', 'not-found', 'unreachable', 'bad-response', 'server']);

export function jenkinsActionError(error: unknown): unknown {
  if (!(error instanceof JenkinsFailure)) return error;
  return new ActionError(`jenkins-${error.code}`, error.message, REFUSED.has(error.code) ? 'nothing' : 'unknown', { cause: error });
}

/**
 * Finds the build a trigger with this action id started, in the queue or among the job's recent
 * builds, and records where it is. Null when Jenkins has no trace of it.
 */
export async function settleTrigger(input: { prisma: PrismaClient; client: JenkinsClient; job: string; actionIdParameter: string; actionId: string; at: Date }): Promise<JenkinsBuildRow | null> {
  const row = await findJenkinsBuildByAction(input.prisma, input.actionId);
  if (!row) return null;
  if (row.queueId !== null || row.number !== null) return row;
  const queued = (await input.client.queue()).find((item) => item.state !== 'gone' && item.parameters.some((p) => p.name === input.actionIdParameter && p.value === input.actionId));
  if (queued && queued.state !== 'gone') {
    await recordQueueState(input.prisma, row.id, { queueId: queued.id, state: queued.state === 'left-with-build' ? 'left' : 'waiting', why: queued.why }, input.at);
    return findJenkinsBuildByAction(input.prisma, input.actionId);
  }
  const build = await input.client.findBuildByParameter(input.job, input.actionIdParameter, input.actionId);
  if (build) {
    await recordQueueState(input.prisma, row.id, { queueId: build.queueId, state: 'left', number: build.number }, input.at);
    return findJenkinsBuildByAction(input.prisma, input.actionId);
  }
  return null;
}

/** The trigger's row, marked as never having reached Jenkins. */
export async function markNeverQueued(prisma: PrismaClient, actionId: string, why: string, at: Date): Promise<void> {
  const row = await findJenkinsBuildByAction(prisma, actionId);
  if (row && row.number === null && row.queueId === null) await recordQueueState(prisma, row.id, { state: 'cancelled', why }, at);
}
