import type { JsonValue } from '@fleet/core';
import type { JenkinsBuild, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation, jsonInput } from '../json-input.ts';

export type JenkinsBuildRow = JenkinsBuild;
export type FollowedJobKind = 'bake' | 'housekeeping';
export type BuildCauseKind = 'portal' | 'user' | 'scm' | 'timer' | 'upstream' | 'remote' | 'other';

/** Where a queue item stands, as the portal last saw it. */
export type QueueState = 'waiting' | 'blocked' | 'buildable' | 'left' | 'cancelled' | 'gone';

export interface TriggeredBuild {
  id: string;
  kind: FollowedJobKind;
  controller: string;
  job: string;
  actionId: string;
  parameters: Record<string, string>;
  startedBy: string;
  requestedAt: Date;
}

/**
 * The row of a build the portal is about to trigger, written before the trigger is sent: if the
 * answer is lost, the follower finds the build by its action id and this row takes it.
 */
export async function recordTriggeredBuild(prisma: PrismaClient, build: TriggeredBuild): Promise<JenkinsBuildRow> {
  const existing = await prisma.jenkinsBuild.findUnique({ where: { actionId: build.actionId } });
  if (existing) return existing;
  return prisma.jenkinsBuild.create({
    data: {
      ...build,
      parameters: jsonInput(build.parameters),
      causeKind: 'portal',
      firstSeenAt: build.requestedAt,
      lastSeenAt: build.requestedAt,
    },
  });
}

export interface QueueObservation {
  queueId?: number | null;
  state: QueueState;
  why?: string | null;
  /** The build number, once the item left the queue for an executor. */
  number?: number | null;
}

export async function recordQueueState(prisma: PrismaClient, id: string, queue: QueueObservation, at: Date): Promise<void> {
  await prisma.jenkinsBuild.update({
    where: { id },
    data: {
      ...(queue.queueId !== undefined && { queueId: queue.queueId }),
      queueState: queue.state,
      queueWhy: queue.why ?? null,
      ...(queue.number != null && { number: queue.number }),
      lastSeenAt: at,
    },
  });
}

/** A build as Jenkins lists it: what the follower writes every pass. */
export interface ObservedBuild {
  number: number;
  queueId: number | null;
  /** The portal action id from the build's parameters, when it carries one. */
  actionId: string | null;
  parameters: Record<string, string>;
  causeKind: BuildCauseKind;
  startedBy: string | null;
  causes: JsonValue;
  building: boolean;
  result: string | null;
  startedAt: Date | null;
  durationMs: number | null;
  estimatedDurationMs: number | null;
}

/**
 * Writes what Jenkins says of a build: into the row the portal's trigger wrote (found by its action
 * id) or a row of its own. Returns the row and whether anything Jenkins said changed.
 */
export async function recordObservedBuild(
  prisma: PrismaClient,
  key: { kind: FollowedJobKind; controller: string; job: string },
  build: ObservedBuild,
  at: Date,
): Promise<{ row: JenkinsBuildRow; changed: boolean }> {
  const where = { controller_job_number: { controller: key.controller, job: key.job, number: build.number } };
  const byNumber = await prisma.jenkinsBuild.findUnique({ where });
  const byAction = !byNumber && build.actionId ? await prisma.jenkinsBuild.findUnique({ where: { actionId: build.actionId } }) : null;
  const existing = byNumber ?? byAction;
  const fields = {
    number: build.number,
    ...(build.queueId !== null && { queueId: build.queueId }),
    building: build.building,
    result: build.result,
    startedAt: build.startedAt,
    durationMs: build.durationMs,
    estimatedDurationMs: build.estimatedDurationMs,
    causes: jsonInput(build.causes),
  };
  if (existing) {
    const changed =
      existing.number !== build.number ||
      existing.building !== build.building ||
      existing.result !== build.result ||
      existing.durationMs !== build.durationMs ||
      existing.startedAt?.getTime() !== build.startedAt?.getTime() ||
      existing.queueState !== 'left';
    if (!changed) return { row: existing, changed: false };
    const row = await prisma.jenkinsBuild.update({
      where: { id: existing.id },
      data: { ...fields, queueState: 'left', queueWhy: null, lastSeenAt: at },
    });
    return { row, changed: true };
  }
  try {
    const row = await prisma.jenkinsBuild.create({
      data: {
        id: `${key.controller}:${key.job}:${build.number}`,
        kind: key.kind,
        controller: key.controller,
        job: key.job,
        ...fields,
        queueState: 'left',
        actionId: build.actionId,
        parameters: jsonInput(build.parameters),
        causeKind: build.causeKind,
        startedBy: build.startedBy,
        requestedAt: build.startedAt ?? at,
        firstSeenAt: at,
        lastSeenAt: at,
      },
    });
    return { row, changed: true };
  } catch (error) {
    // Another replica wrote it between our read and our write: theirs stands.
    if (!isUniqueViolation(error)) throw error;
    return { row: (await prisma.jenkinsBuild.findUnique({ where }))!, changed: false };
  }
}

export function findJenkinsBuild(prisma: PrismaClient, id: string) {
  return prisma.jenkinsBuild.findUnique({ where: { id } });
}

export function findJenkinsBuildByAction(prisma: PrismaClient, actionId: string) {
  return prisma.jenkinsBuild.findUnique({ where: { actionId } });
}

/** Builds still to follow: waiting in the queue, running, or with console lines not read yet. */
export function listUnfinishedBuilds(prisma: PrismaClient, key: { kind: FollowedJobKind; controller: string; job?: string }) {
  return prisma.jenkinsBuild.findMany({
    where: {
      kind: key.kind,
      controller: key.controller,
      ...(key.job && { job: key.job }),
      OR: [{ number: null, queueState: { notIn: ['cancelled', 'gone'] } }, { number: { not: null }, logComplete: false }],
    },
    orderBy: { requestedAt: 'asc' },
  });
}

export interface BuildListQuery {
  kind: FollowedJobKind;
  controller?: string;
  job?: string;
  /** Only builds whose parameters have this value (e.g. a bake of one commit). */
  parameter?: { name: string; value: string };
  limit: number;
  /** Requested before this, for the next page. */
  before?: Date;
}

/** The newest builds first. */
export function listJenkinsBuilds(prisma: PrismaClient, query: BuildListQuery) {
  const where: Prisma.JenkinsBuildWhereInput = {
    kind: query.kind,
    ...(query.controller && { controller: query.controller }),
    ...(query.job && { job: query.job }),
    ...(query.parameter && { parameters: { path: [query.parameter.name], equals: query.parameter.value } }),
    ...(query.before && { requestedAt: { lt: query.before } }),
  };
  return prisma.jenkinsBuild.findMany({ where, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], take: query.limit });
}

/**
 * A job's builds that left the queue, by number, the highest (the last to start) first; a build
 * requested early can start after one Jenkins began on its own, so `requestedAt` does not say.
 */
export function listBuildsByNumber(prisma: PrismaClient, query: { controller: string; job: string; limit: number; belowNumber?: number }) {
  return prisma.jenkinsBuild.findMany({
    where: { controller: query.controller, job: query.job, number: query.belowNumber === undefined ? { not: null } : { lt: query.belowNumber } },
    orderBy: { number: 'desc' },
    take: query.limit,
  });
}

/** Builds of a kind that are queued or running now. */
export function listActiveBuilds(prisma: PrismaClient, kind: FollowedJobKind) {
  return prisma.jenkinsBuild.findMany({
    where: { kind, OR: [{ number: null, queueState: { notIn: ['cancelled', 'gone'] } }, { building: true }] },
    orderBy: { requestedAt: 'asc' },
  });
}

/** The bake's or run's reading of its console, written as the console is read. */
export async function recordBuildSummary(prisma: PrismaClient, id: string, summary: JsonValue): Promise<void> {
  await prisma.jenkinsBuild.update({ where: { id }, data: { summary: jsonInput(summary) } });
}
