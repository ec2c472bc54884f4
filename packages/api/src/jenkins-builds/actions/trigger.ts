import { randomUUID } from 'node:crypto';
import { findJenkinsBuildByAction, type FollowedJobKind, type JenkinsBuildRow, type PrismaClient, recordQueueState, recordTriggeredBuild } from '@fleet/db';
import { JenkinsFailure, type JenkinsClient } from '@fleet/jenkins';
import { ActionError } from '../../guard/action-definition.ts';

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

/** How long Jenkins may keep a lost trigger to itself before the portal says it never arrived. */
const NEVER_ARRIVED_AFTER_MS = 2 * 60_000;

export interface FollowedTrigger {
  prisma: PrismaClient;
  client: JenkinsClient;
  kind: FollowedJobKind;
  controller: string;
  job: string;
  /** Every parameter the build gets, the action id's included. */
  parameters: Record<string, string>;
  actionIdParameter: string;
  actionId: string;
  startedBy: string;
  now: () => Date;
}

/**
 * Queues a followed build with the action's id among its parameters: the row first, then the
 * trigger, sent once. A refusal marks the row never queued; a lost answer is settled by looking for
 * the id in the queue and the job's builds, and stays unknown (for the reconciler) if neither has it.
 */
export async function triggerFollowedBuild(trigger: FollowedTrigger): Promise<{ buildId: string; queueId: number | null }> {
  const row = await recordTriggeredBuild(trigger.prisma, {
    id: randomUUID(),
    kind: trigger.kind,
    controller: trigger.controller,
    job: trigger.job,
    actionId: trigger.actionId,
    parameters: trigger.parameters,
    startedBy: trigger.startedBy,
    requestedAt: trigger.now(),
  });
  try {
    const queued = await trigger.client.buildWithParameters(trigger.job, trigger.parameters);
    await recordQueueState(trigger.prisma, row.id, { queueId: queued.queueId, state: 'waiting', why: null }, trigger.now());
    return { buildId: row.id, queueId: queued.queueId };
  } catch (error) {
    const failure = jenkinsActionError(error);
    if (failure instanceof ActionError && failure.changed === 'nothing') {
      await markNeverQueued(trigger.prisma, trigger.actionId, failure.message, trigger.now());
    } else if (failure instanceof ActionError) {
      const found = await settleTrigger({ ...trigger, at: trigger.now() }).catch(() => null);
      if (found) return { buildId: found.id, queueId: found.queueId };
    }
    throw failure;
  }
}

/** What a restart finds of a trigger whose outcome the journal does not know, without sending it again. */
export async function reconcileTrigger(input: Omit<FollowedTrigger, 'parameters' | 'kind' | 'controller' | 'startedBy'> & { triggeredAt: Date }): Promise<'succeeded' | 'failed' | 'unknown'> {
  const found = await settleTrigger({ ...input, at: input.now() });
  if (found) return 'succeeded';
  // Jenkins keeps a queue item five minutes after it leaves and the job's recent builds much longer:
  // with no trace in either, well after the trigger, the trigger never arrived.
  if (input.now().getTime() - input.triggeredAt.getTime() < NEVER_ARRIVED_AFTER_MS) return 'unknown';
  await markNeverQueued(input.prisma, input.actionId, 'Jenkins has no queue item or build with this action id: the trigger never arrived', input.now());
  return 'failed';
}
