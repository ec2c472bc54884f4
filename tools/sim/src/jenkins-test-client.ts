import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type Simulator } from './index.ts';
import { advanceUntil } from './test-fixture.ts';

export const basicAuth = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
export const PORTAL_TOKEN = basicAuth(JENKINS_DEMO_USER, JENKINS_DEMO_TOKEN);

export interface QueueItemJson {
  _class: string;
  id: number;
  why: string | null;
  params: string;
  url: string;
  blocked: boolean;
  buildable: boolean;
  cancelled?: boolean;
  executable?: { _class: string; number: number; url: string } | null;
  actions: ({ _class?: string; parameters?: { name: string; value: string }[]; causes?: Record<string, unknown>[] } | Record<string, never>)[];
  task: { _class: string; name: string; url: string; color: string };
}

export interface BuildJson {
  _class: string;
  number: number;
  building: boolean;
  result: string | null;
  duration: number;
  estimatedDuration: number;
  timestamp: number;
  queueId: number;
  url: string;
  displayName: string;
  fullDisplayName: string;
  builtOn: string;
  actions: QueueItemJson['actions'];
}

/** The simulated Jenkins (the first controller unless another's URL is given) as an API client sees it, with the portal's API token unless told otherwise. */
export function jenkinsClient(sim: Simulator, url = sim.jenkinsUrl) {
  const request = (path: string, init: RequestInit & { auth?: string | null } = {}) => {
    const { auth = PORTAL_TOKEN, ...rest } = init;
    return fetch(`${url}${path}`, { redirect: 'manual', ...rest, headers: { ...(auth ? { authorization: auth } : {}), ...rest.headers } });
  };
  const json = async <T>(path: string): Promise<T> => {
    const answer = await request(path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
    return (await answer.json()) as T;
  };
  return {
    request,
    json,
    post: (path: string, body?: string, contentType = 'application/x-www-form-urlencoded') => request(path, { method: 'POST', body, headers: body ? { 'content-type': contentType } : {} }),
    queueItem: (id: number) => json<QueueItemJson>(`/queue/item/${id}/api/json`),
    build: (job: string, number: number) => json<BuildJson>(`/job/${job}/${number}/api/json`),
    console: async (job: string, number: number) => (await request(`/job/${job}/${number}/consoleText`)).text(),
  };
}

/** The queue id at the end of a Location header: `<base>/queue/item/<id>/`. */
export function queueIdOf(answer: Response): number {
  const location = answer.headers.get('location') ?? '';
  const id = /\/queue\/item\/(\d+)\/$/.exec(location)?.[1];
  if (!id) throw new Error(`no queue item in Location: ${location}`);
  return Number(id);
}

/** Moves the clock until the queue item has a build, then until that build is done; returns its number. */
export async function runToEnd(sim: Simulator, queueId: number, options: { stepMs?: number; maxMs?: number } = {}): Promise<number> {
  const client = jenkinsClient(sim);
  let started: { job: string; number: number } | undefined;
  await advanceUntil(sim, async () => {
    const item = await client.queueItem(queueId);
    started = item.executable ? { job: item.task.name, number: item.executable.number } : undefined;
    return started !== undefined;
  }, { stepMs: 1_000, maxMs: 120_000 });
  if (!started) throw new Error(`queue item ${queueId} never started`);
  await finishBuild(sim, started.job, started.number, options);
  return started.number;
}

/** Moves the clock until the build is done. */
export async function finishBuild(sim: Simulator, job: string, number: number, options: { stepMs?: number; maxMs?: number } = {}): Promise<void> {
  const client = jenkinsClient(sim);
  await advanceUntil(sim, async () => !(await client.build(job, number)).building, { stepMs: options.stepMs ?? 30_000, maxMs: options.maxMs ?? 3_600_000 });
}
