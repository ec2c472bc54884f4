import { z } from 'zod';
import { actionsShape, type BuildCause, type GivenParameter, hasParameter } from './actions.ts';
import { jobPath } from './jobs.ts';
import { type JenkinsTransport } from './transport.ts';

export const BUILD_RESULTS = ['SUCCESS', 'FAILURE', 'UNSTABLE', 'ABORTED', 'NOT_BUILT'] as const;
export type BuildResult = (typeof BUILD_RESULTS)[number];

const CAUSE_FIELDS = 'shortDescription,userId,userName,upstreamProject,upstreamBuild,upstreamUrl,addr';
export const BUILD_FIELDS = `number,url,building,result,timestamp,duration,estimatedDuration,queueId,actions[parameters[name,value],causes[${CAUSE_FIELDS}]]`;

export const buildShape = z.object({
  _class: z.string().optional(),
  number: z.number().int(),
  url: z.string().optional(),
  building: z.boolean(),
  /** null while the build runs. */
  result: z.enum(BUILD_RESULTS).nullable().optional(),
  // Jenkins's times are whole milliseconds (longs); anything else is not Jenkins speaking.
  timestamp: z.number().int().optional(),
  duration: z.number().int().optional(),
  estimatedDuration: z.number().int().optional(),
  queueId: z.number().int().optional(),
  actions: actionsShape,
});

export interface JenkinsBuild {
  number: number;
  url: string | null;
  building: boolean;
  result: BuildResult | null;
  /** When it started, ms since the epoch. */
  startedAt: number | null;
  /** 0 while it runs. */
  durationMs: number | null;
  estimatedDurationMs: number | null;
  /** The queue item it came from: what buildWithParameters returned. */
  queueId: number | null;
  parameters: GivenParameter[];
  causes: BuildCause[];
}

export function toBuild(raw: z.output<typeof buildShape>): JenkinsBuild {
  return {
    number: raw.number,
    url: raw.url ?? null,
    building: raw.building,
    result: raw.result ?? null,
    startedAt: raw.timestamp ?? null,
    durationMs: raw.duration ?? null,
    estimatedDurationMs: raw.estimatedDuration ?? null,
    queueId: raw.queueId ?? null,
    parameters: raw.actions.parameters,
    causes: raw.actions.causes,
  };
}

export interface BuildOptions {
  /**
   * Jenkins's `tree` instead of every field above, to poll cheaply (e.g. "number,building,result").
   * It must name `number` and `building`; what it leaves out comes back null or empty.
   */
  tree?: string;
}

export async function readBuild(transport: JenkinsTransport, job: string, number: number, options: BuildOptions = {}): Promise<JenkinsBuild> {
  const tree = options.tree ?? BUILD_FIELDS;
  const { body } = await transport.json({ path: `${jobPath(job)}/${number}/api/json?tree=${encodeURIComponent(tree)}`, subject: `build ${job} #${number}` }, buildShape);
  return toBuild(body);
}

export interface BuildHistoryOptions {
  /** How many of the newest builds; 20 by default. */
  limit?: number;
  /** Past the 100 Jenkins keeps under `builds` (allBuilds loads every build's record: slow on a long history). */
  all?: boolean;
}

const historyShape = z.object({ builds: z.array(buildShape).optional(), allBuilds: z.array(buildShape).optional() });

/** The newest builds first, via tree=builds[…]{0,N} so Jenkins sends only those. */
export async function readBuilds(transport: JenkinsTransport, job: string, options: BuildHistoryOptions = {}): Promise<JenkinsBuild[]> {
  const field = options.all ? 'allBuilds' : 'builds';
  const limit = Math.max(1, Math.floor(options.limit ?? 20));
  const tree = `${field}[${BUILD_FIELDS}]{0,${limit}}`;
  const { body } = await transport.json({ path: `${jobPath(job)}/api/json?tree=${encodeURIComponent(tree)}`, subject: `the builds of job ${job}` }, historyShape);
  return (body[field] ?? []).map(toBuild);
}

/** The newest of the recent builds given `name` = `value`: how a caller finds the build of a request whose answer was lost. */
export async function findBuildByParameter(transport: JenkinsTransport, job: string, name: string, value: string, options: BuildHistoryOptions = {}): Promise<JenkinsBuild | null> {
  const builds = await readBuilds(transport, job, options);
  return builds.find((b) => hasParameter(b, name, value)) ?? null;
}

/**
 * Asks Jenkins to abort a running build (POST …/<n>/stop). Jenkins answers with a redirect back to
 * the build (or 200); stopping a build that has finished does nothing and answers the same.
 */
export async function stopBuild(transport: JenkinsTransport, job: string, number: number): Promise<void> {
  const answer = await transport.send({ method: 'POST', path: `${jobPath(job)}/${number}/stop`, subject: `stopping build ${job} #${number}`, accept: '*/*', alsoAccept: [302, 303] });
  await answer.discard();
}
