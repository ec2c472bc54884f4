import { z } from 'zod';
import { type JenkinsBuild } from '../world/jenkins/build.ts';
import { type ScheduleOutcome } from '../world/jenkins/controller.ts';
import { type Job, type Permalink, PERMALINKS } from '../world/jenkins/job.ts';
import { buildJson, buildUrl, jobJson, jobUrl } from './job-json.ts';
import { errorPage, notFound, type JenkinsAnswer, type JenkinsPage, type PageContext } from './jenkins-route.ts';

const JOB = '/job/([^/]+)';
const RUN = `${JOB}/(\\d+|${PERMALINKS.join('|')})`;

/** `/job/<name>/…`: a job, triggering it, its builds, stopping one, and their consoles. */
export const jobPages: JenkinsPage[] = [
  { name: 'job', method: 'GET', path: new RegExp(`^${JOB}/api/json$`), permission: 'read', answer: (context) => withJob(context, (job) => ({ status: 200, json: jobJson(job, context.jobs, context.baseUrl, context.depth) })) },
  { name: 'jobIndex', method: 'GET', path: new RegExp(`^${JOB}/?$`), permission: 'read', answer: (context) => withJob(context, (job) => ({ status: 200, html: page(`${job.name} [Jenkins]`, job.spec.description) })) },
  {
    name: 'buildWithParameters',
    method: 'POST',
    path: new RegExp(`^${JOB}/buildWithParameters$`),
    permission: 'build',
    answer: (context) =>
      withJob(context, (job) => {
        const outcome = schedule(context, job, Object.fromEntries((job.spec.parameters ?? []).flatMap((definition) => given(context, definition.name))), true);
        return 'answer' in outcome ? outcome.answer : queued(context, outcome.created ? 201 : 303, outcome.id);
      }),
  },
  {
    name: 'build',
    method: 'POST',
    path: new RegExp(`^${JOB}/build$`),
    permission: 'build',
    answer: (context) =>
      withJob(context, (job) => {
        if (!job.spec.parameters) {
          const outcome = schedule(context, job, {}, false);
          // ParameterizedJobMixIn.doBuild answers 201 even when the item was already queued (JENKINS-66105).
          return 'answer' in outcome ? outcome.answer : queued(context, 201, outcome.id);
        }
        const submitted = submittedParameters(context, job);
        if ('answer' in submitted) return submitted.answer;
        const outcome = schedule(context, job, submitted.values, false);
        if ('answer' in outcome) return outcome.answer;
        // _doBuild uses Queue.schedule, which gives nothing back for a duplicate: back to the job page.
        return outcome.created ? queued(context, 201, outcome.id) : { status: 302, headers: { Location: jobUrl(context.baseUrl, job.name) } };
      }),
  },
  { name: 'buildInfo', method: 'GET', path: new RegExp(`^${RUN}/api/json$`), permission: 'read', answer: (context) => withBuild(context, (build, job) => ({ status: 200, json: buildJson(build, job, context.baseUrl) })) },
  { name: 'buildIndex', method: 'GET', path: new RegExp(`^${RUN}/?$`), permission: 'read', answer: (context) => withBuild(context, (build, job) => ({ status: 200, html: page(`${job.name} #${build.number} [Jenkins]`, build.result ?? 'running') })) },
  {
    name: 'stop',
    method: 'POST',
    path: new RegExp(`^${RUN}/stop$`),
    permission: 'cancel',
    answer: (context) =>
      withBuild(context, (build, job) => {
        context.jobs.stop(job.name, build.number, context.caller.user.id);
        return { status: 302, headers: { Location: buildUrl(context.baseUrl, build) } };
      }),
  },
  {
    name: 'progressiveText',
    method: 'ANY',
    path: new RegExp(`^${RUN}/logText/progressiveText$`),
    permission: 'read',
    answer: (context) =>
      withBuild(context, (build) => {
        const log = Buffer.from(build.log(context.world.clock().getTime()), 'utf8');
        const asked = Number(context.url.searchParams.get('start') ?? context.form.get('start') ?? 0);
        // LargeText.doProgressText: an offset past the end means the text rolled over, so it starts again.
        const start = Number.isSafeInteger(asked) && asked >= 0 && asked <= log.length ? asked : 0;
        const headers: Record<string, string> = { 'X-Text-Size': String(log.length) };
        if (build.building) headers['X-More-Data'] = 'true';
        return { status: 200, text: log.subarray(start).toString('utf8'), headers };
      }),
  },
  { name: 'consoleText', method: 'GET', path: new RegExp(`^${RUN}/consoleText$`), permission: 'read', answer: (context) => withBuild(context, (build) => ({ status: 200, text: build.log(context.world.clock().getTime()) })) },
];

function withJob(context: PageContext, answer: (job: Job) => JenkinsAnswer): JenkinsAnswer {
  const job = context.jobs.job(decodeURIComponent(context.match[1] ?? ''));
  return job ? answer(job) : notFound();
}

function withBuild(context: PageContext, answer: (build: JenkinsBuild, job: Job) => JenkinsAnswer): JenkinsAnswer {
  return withJob(context, (job) => {
    const which = context.match[2] ?? '';
    const build = /^\d+$/.test(which) ? job.build(Number(which)) : job.permalink(which as Permalink);
    return build ? answer(build, job) : notFound();
  });
}

/** A parameter as Stapler's getParameter finds it: in the query string, else in the form body. */
function given(context: PageContext, name: string): [string, string][] {
  const value = context.url.searchParams.get(name) ?? context.form.get(name);
  return value === null ? [] : [[name, value]];
}

type Scheduled = { created: boolean; id: number } | { answer: JenkinsAnswer };

function schedule(context: PageContext, job: Job, parameters: Record<string, string>, requireParameters: boolean): Scheduled {
  const delay = quietPeriod(context);
  if (delay === 'invalid') return { answer: { status: 400, html: errorPage(400, 'Bad Request', `Invalid time duration value: ${context.url.searchParams.get('delay') ?? context.form.get('delay')}`) } };
  const outcome: ScheduleOutcome = context.jobs.schedule(job.name, { parameters, cause: { kind: 'user', userId: context.caller.user.id }, delayMs: delay, requireParameters });
  switch (outcome.kind) {
    case 'created':
    case 'existing':
      return { created: outcome.kind === 'created', id: outcome.item.id };
    case 'disabled':
      return { answer: { status: 409, html: errorPage(409, 'Conflict', `${job.name} is not buildable`) } };
    case 'not-parameterized':
      return { answer: { status: 400, html: errorPage(400, 'Bad Request', `${job.name} is not parameterized`) } };
    case 'unknown-job':
      return { answer: notFound() };
  }
}

/** TimeDuration.fromString: `5sec`/`5secs` in seconds, a bare number in milliseconds; the queue counts whole seconds. */
function quietPeriod(context: PageContext): number | undefined | 'invalid' {
  const raw = context.url.searchParams.get('delay') ?? context.form.get('delay');
  if (raw === null) return undefined;
  const match = /^\s*(\d+)\s*(secs?)?\s*$/.exec(raw);
  if (!match) return 'invalid';
  const ms = Number(match[1]) * (match[2] ? 1000 : 1);
  return Math.floor(ms / 1000) * 1000;
}

const formSchema = z.object({ parameter: z.union([z.array(z.object({ name: z.string(), value: z.unknown() })), z.object({ name: z.string(), value: z.unknown() })]).optional() });

/** The build form's `json` field, as ParametersDefinitionProperty._doBuild reads it; without it Stapler says nothing was submitted. */
function submittedParameters(context: PageContext, job: Job): { values: Record<string, string> } | { answer: JenkinsAnswer } {
  const raw = context.form.get('json') ?? context.url.searchParams.get('json');
  if (raw === null) return { answer: { status: 400, html: errorPage(400, 'Bad Request', 'Nothing is submitted') } };
  let parsed: z.infer<typeof formSchema>;
  try {
    parsed = formSchema.parse(JSON.parse(raw));
  } catch {
    return { answer: { status: 400, html: errorPage(400, 'Bad Request', 'Failed to parse form data. Please report this problem as a bug') } };
  }
  const values: Record<string, string> = {};
  for (const { name, value } of [parsed.parameter ?? []].flat()) {
    if (!job.spec.parameters?.some((definition) => definition.name === name)) {
      return { answer: { status: 500, html: errorPage(500, 'Server Error', `No such parameter definition: ${name}`) } };
    }
    values[name] = String(value ?? '');
  }
  return { values };
}

function queued(context: PageContext, status: 201 | 303, id: number): JenkinsAnswer {
  return { status, headers: { Location: `${context.baseUrl}/queue/item/${id}/` } };
}

function page(title: string, body: string): string {
  const text = (value: string) => value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
  return `<!DOCTYPE html><html><head><title>${text(title)}</title></head><body><h1>${text(title)}</h1><p>${text(body)}</p></body></html>\n`;
}
