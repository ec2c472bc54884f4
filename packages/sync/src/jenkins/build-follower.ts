import type { JsonValue } from '@fleet/core';
import {
  type BuildCauseKind,
  commitBuildLog,
  type FollowedJobKind,
  type JenkinsBuildRow,
  listUnfinishedBuilds,
  nextLogChunk,
  type ObservedBuild,
  type PrismaClient,
  purgeUncommittedLog,
  recordObservedBuild,
  recordQueueState,
  streamBuildLog,
  writeLogLines,
} from '@fleet/db';
import type { BuildCause, JenkinsBuild, JenkinsClient, QueueItemState } from '@fleet/jenkins';

/** How many of a job's newest builds each pass reads: what Jenkins still has of a busy job's day. */
export const FOLLOWED_HISTORY = 25;
/** Lines written to the store at a time while a long answer streams in. */
const LINES_PER_WRITE = 2_000;

/** Reads a console as it streams (a bake's progress, a run's recap) and says what it read so far. */
export interface ConsoleReader {
  push(text: string): void;
  summary(): JsonValue;
}

export interface FollowedJob<R extends ConsoleReader = ConsoleReader> {
  kind: FollowedJobKind;
  controller: string;
  job: string;
  /** The job parameter that carries the portal's action id. */
  actionIdParameter: string;
  /** A fresh reader for one build's console. */
  reader(): R;
  /** When the whole console is read, before it is committed: e.g. write a run's recap per host. */
  onConsoleComplete?(prisma: PrismaClient, row: JenkinsBuildRow, reader: R): Promise<void>;
}

export interface ActiveReader<R extends ConsoleReader = ConsoleReader> {
  reader: R;
  /** The byte offset this reader has read up to. */
  offset: number;
}

export interface FollowPass {
  /** Builds Jenkins listed. */
  builds: number;
  /** Whether a build is queued or running: the pass should come back soon. */
  active: boolean;
  /** Builds whose whole console was stored in this pass. */
  ended: JenkinsBuildRow[];
}

function parameterMap(build: { parameters: { name: string; value: unknown }[] }): Record<string, string> {
  return Object.fromEntries(build.parameters.map((p) => [p.name, p.value === null ? '' : String(p.value)]));
}

/** Who or what started a build, in the words the history shows. */
export function causeOf(causes: readonly BuildCause[], actionId: string | null): { causeKind: BuildCauseKind; startedBy: string | null } {
  if (actionId) return { causeKind: 'portal', startedBy: null };
  const first = causes[0];
  if (!first) return { causeKind: 'other', startedBy: null };
  switch (first.kind) {
    case 'user':
      return { causeKind: 'user', startedBy: first.userId ?? first.userName ?? first.description };
    case 'upstream':
      return { causeKind: 'upstream', startedBy: first.upstream ? `${first.upstream.project} #${first.upstream.build}` : first.description };
    default:
      return { causeKind: first.kind, startedBy: first.description || null };
  }
}

function observed(build: JenkinsBuild, actionIdParameter: string): ObservedBuild {
  const parameters = parameterMap(build);
  const actionId = parameters[actionIdParameter] || null;
  return {
    number: build.number,
    queueId: build.queueId,
    actionId,
    parameters,
    ...causeOf(build.causes, actionId),
    causes: build.causes.map((c) => ({ kind: c.kind, description: c.description, userId: c.userId, upstream: c.upstream })),
    building: build.building,
    result: build.result,
    startedAt: build.startedAt === null ? null : new Date(build.startedAt),
    durationMs: build.building ? null : build.durationMs,
    estimatedDurationMs: build.estimatedDurationMs !== null && build.estimatedDurationMs > 0 ? build.estimatedDurationMs : null,
  };
}

/**
 * One pass over a followed job: the builds Jenkins lists, the queue items of builds the portal
 * started that have no number yet, and the console lines written since the last pass, stored and
 * read into each build's summary. Readers live across passes in `readers`; after a restart a
 * reader is rebuilt from the stored lines.
 */
export async function followJob<R extends ConsoleReader>(input: { prisma: PrismaClient; now: () => Date; client: JenkinsClient; job: FollowedJob<R>; readers: Map<string, ActiveReader<R>> }): Promise<FollowPass> {
  const { prisma, client, job } = input;
  const key = { kind: job.kind, controller: job.controller, job: job.job };
  const builds = await client.builds(job.job, { limit: FOLLOWED_HISTORY });
  for (const build of builds) await recordObservedBuild(prisma, key, observed(build, job.actionIdParameter), input.now());

  const ended: JenkinsBuildRow[] = [];
  let active = false;
  const unfinished = await listUnfinishedBuilds(prisma, key);
  for (const row of unfinished) {
    if (row.number === null) {
      active ||= await followQueueItem(input, row);
      continue;
    }
    active ||= row.building;
    if (await readConsole(input, row, row.number)) ended.push(row);
  }
  const following = new Set(unfinished.filter((row) => !ended.includes(row)).map((row) => row.id));
  for (const id of input.readers.keys()) if (!following.has(id)) input.readers.delete(id);
  return { builds: builds.length, active, ended };
}

function queueWords(item: QueueItemState): string | null {
  if (item.state === 'gone') return null;
  if (item.state === 'left-starting') return 'starting on an executor';
  return item.why;
}

/** Where a triggered build waits; true while it still does. */
async function followQueueItem(input: { prisma: PrismaClient; now: () => Date; client: JenkinsClient }, row: JenkinsBuildRow): Promise<boolean> {
  if (row.queueId === null) return true;
  const item = await input.client.queueItem(row.queueId);
  const at = input.now();
  switch (item.state) {
    case 'waiting':
    case 'blocked':
    case 'buildable':
      await recordQueueState(input.prisma, row.id, { state: item.state, why: queueWords(item) }, at);
      return true;
    case 'left-starting':
      await recordQueueState(input.prisma, row.id, { state: 'buildable', why: queueWords(item) }, at);
      return true;
    case 'left-with-build':
      await recordQueueState(input.prisma, row.id, { state: 'left', number: item.build.number }, at);
      return true;
    case 'cancelled':
      await recordQueueState(input.prisma, row.id, { state: 'cancelled', why: 'cancelled in Jenkins before it started' }, at);
      return false;
    case 'gone':
      // The item left long ago; a build it became is matched by its action id from the job's history.
      await recordQueueState(input.prisma, row.id, { state: 'gone', why: 'Jenkins no longer has the queue item, and no build of the job carries this action' }, at);
      return false;
  }
}

/** Reads what the console grew by since the last pass; true when the whole console is now stored. */
async function readConsole<R extends ConsoleReader>(input: { prisma: PrismaClient; client: JenkinsClient; job: FollowedJob<R>; readers: Map<string, ActiveReader<R>> }, row: JenkinsBuildRow, number: number): Promise<boolean> {
  const { prisma, client, job } = input;
  let active = input.readers.get(row.id);
  if (!active || active.offset !== row.logOffset) {
    active = { reader: job.reader(), offset: row.logOffset };
    await purgeUncommittedLog(prisma, row.id, row.logLines);
    for await (const lines of streamBuildLog(prisma, row.id)) active.reader.push(`${lines.join('\n')}\n`);
    input.readers.set(row.id, active);
  }
  let position = await nextLogChunk(prisma, row.id, row.logLines);
  let pending: string[] = [];
  let partial = '';
  let nextOffset = row.logOffset;
  let moreData = true;
  for await (const piece of client.streamConsole(job.job, number, { start: row.logOffset, once: true })) {
    if (piece.restarted) {
      // The log is shorter than what was stored: a different build under the same number. Start over.
      throw new Error(`the console of ${job.job} #${number} on ${job.controller} restarted from the beginning; it is not the log the portal stored`);
    }
    active.reader.push(piece.text);
    const lines = (partial + piece.text).split(/\r?\n/);
    partial = lines.pop() ?? '';
    pending.push(...lines);
    if (pending.length >= LINES_PER_WRITE) {
      position = await writeLogLines(prisma, row.id, position, pending);
      pending = [];
    }
    nextOffset = piece.resumeAt;
    moreData = piece.moreData;
  }
  const complete = !moreData && !row.building;
  // Jenkins sends whole lines while a build runs, so a part line is the end of a finished log.
  if (partial !== '') pending.push(partial);
  position = await writeLogLines(prisma, row.id, position, pending);
  if (complete) await job.onConsoleComplete?.(prisma, row, active.reader);
  const committed = await commitBuildLog(prisma, row.id, row.logOffset, { nextOffset, lines: position.firstLine, complete, summary: active.reader.summary() });
  active.offset = committed ? nextOffset : -1;
  return committed && complete;
}
