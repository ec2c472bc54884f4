import { type JenkinsBuild } from '../world/jenkins/build.ts';
import { CAUSE_CLASSES, causeDescription, type Cause } from '../world/jenkins/causes.ts';
import { type JenkinsController } from '../world/jenkins/controller.ts';
import { type Job, PERMALINKS } from '../world/jenkins/job.ts';
import { type QueueItem } from '../world/jenkins/queue.ts';
import { type Json } from './computer-json.ts';

/*
 * The JSON Jenkins's Stapler exports for jobs, builds and queue items: `_class` on every bean,
 * a superclass's properties before its subclass's, each class's in alphabetical order, and `{}` for
 * actions that export nothing (hudson/model/Job.java, AbstractProject.java, Run.java,
 * AbstractBuild.java, Queue.java, Cause.java, ParametersDefinitionProperty.java).
 */

const PROJECT = 'hudson.model.FreeStyleProject';
const BUILD = 'hudson.model.FreeStyleBuild';

export const jobUrl = (baseUrl: string, name: string) => `${baseUrl}/job/${encodeURIComponent(name)}/`;
export const buildUrl = (baseUrl: string, build: JenkinsBuild) => `${jobUrl(baseUrl, build.jobName)}${build.number}/`;

/** How a job appears inside another answer: the root's `jobs`, a queue item's `task`. */
export function jobRef(job: Job, baseUrl: string): Json {
  return { _class: PROJECT, name: job.name, url: jobUrl(baseUrl, job.name), color: job.color() };
}

export function buildRef(build: JenkinsBuild | undefined, baseUrl: string): Json {
  return build ? { _class: BUILD, number: build.number, url: buildUrl(baseUrl, build) } : null;
}

export function causeJson(cause: Cause): Json {
  const base = { _class: CAUSE_CLASSES[cause.kind], shortDescription: causeDescription(cause) };
  switch (cause.kind) {
    case 'user':
      return { ...base, userId: cause.userId, userName: cause.userId };
    case 'remote':
      return { ...base, addr: cause.addr, note: cause.note ?? null };
    default:
      return base;
  }
}

/** A run's or queue item's actions: its parameters and causes, then the actions that export nothing. */
function origin(parameters: JenkinsBuild['origin']['parameters'], causes: Cause[]): Json[] {
  const values = parameters ? [{ _class: 'hudson.model.ParametersAction', parameters: parameters.map((value) => ({ _class: 'hudson.model.StringParameterValue', name: value.name, value: value.value })) }] : [];
  return [...values, { _class: 'hudson.model.CauseAction', causes: causes.map(causeJson) }];
}

function parametersProperty(job: Job): Json[] {
  if (!job.spec.parameters) return [];
  return [
    {
      _class: 'hudson.model.ParametersDefinitionProperty',
      parameterDefinitions: job.spec.parameters.map((definition) => ({
        _class: 'hudson.model.StringParameterDefinition',
        defaultParameterValue: { _class: 'hudson.model.StringParameterValue', name: definition.name, value: definition.defaultValue },
        description: definition.description,
        name: definition.name,
        type: 'StringParameterDefinition',
      })),
    },
  ];
}

/** Job.getBuildHealthReports' stability report over the last five finished builds. */
function healthReport(job: Job): Json[] {
  const recent = job.newestFirst().filter((build) => !build.building).slice(0, 5);
  if (recent.length === 0) return [];
  const failed = recent.filter((build) => build.result === 'FAILURE').length;
  const score = Math.floor((100 * (recent.length - failed)) / recent.length);
  const band = score > 80 ? '80plus' : score > 60 ? '60to79' : score > 40 ? '40to59' : score > 20 ? '20to39' : '00to19';
  const summary = failed === 0 ? 'No recent builds failed.' : failed === recent.length ? 'All recent builds failed.' : `${failed} out of the last ${recent.length} builds failed.`;
  return [{ description: `Build stability: ${summary}`, iconClassName: `icon-health-${band}`, iconUrl: `health-${band}.png`, score }];
}

/**
 * `depth` as Stapler counts it: at 0 the builds are references (`_class`, number, url), deeper (or
 * with a `tree`, which names what to show at any depth) they are whole builds; `allBuilds` is only
 * exported to a tree or a depth that asks for it, as Jenkins exports it with negative visibility.
 */
export function jobJson(job: Job, jenkins: JenkinsController, baseUrl: string, depth = 0): Json {
  const queued = jenkins.queue.pending().find((item) => item.job === job);
  const links = Object.fromEntries(PERMALINKS.map((name) => [name, buildRef(job.permalink(name), baseUrl)]));
  return {
    _class: PROJECT,
    actions: [...parametersProperty(job), {}, {}, { _class: 'com.cloudbees.plugins.credentials.ViewCredentialsAction' }],
    description: job.spec.description,
    displayName: job.name,
    displayNameOrNull: null,
    fullDisplayName: job.name,
    fullName: job.name,
    name: job.name,
    url: jobUrl(baseUrl, job.name),
    buildable: !job.disabled,
    builds: job.newestFirst().slice(0, 100).map((build) => (depth >= 1 ? buildJson(build, job, baseUrl) : buildRef(build, baseUrl))),
    ...(depth >= 1 && { allBuilds: job.newestFirst().map((build) => buildJson(build, job, baseUrl)) }),
    color: job.color(),
    firstBuild: links.firstBuild ?? null,
    healthReport: healthReport(job),
    inQueue: queued !== undefined,
    keepDependencies: false,
    lastBuild: links.lastBuild ?? null,
    lastCompletedBuild: links.lastCompletedBuild ?? null,
    lastFailedBuild: links.lastFailedBuild ?? null,
    lastStableBuild: links.lastStableBuild ?? null,
    lastSuccessfulBuild: links.lastSuccessfulBuild ?? null,
    lastUnstableBuild: links.lastUnstableBuild ?? null,
    lastUnsuccessfulBuild: links.lastUnsuccessfulBuild ?? null,
    nextBuildNumber: job.nextBuildNumber,
    property: [...parametersProperty(job), { _class: 'jenkins.model.BuildDiscarderProperty' }],
    queueItem: queued ? queueItemJson(queued, jenkins, baseUrl) : null,
    concurrentBuild: job.spec.concurrent,
    disabled: job.disabled,
    downstreamProjects: [],
    labelExpression: null,
    scm: { _class: job.spec.parameters ? 'hudson.plugins.git.GitSCM' : 'hudson.scm.NullSCM' },
    upstreamProjects: [],
  };
}

export function buildJson(build: JenkinsBuild, job: Job, baseUrl: string): Json {
  return {
    _class: BUILD,
    actions: [...origin(build.origin.parameters, build.origin.causes), {}, {}, { _class: 'org.jenkinsci.plugins.displayurlapi.actions.RunDisplayAction' }],
    artifacts: [],
    building: build.building,
    description: null,
    displayName: `#${build.number}`,
    duration: build.durationMs,
    estimatedDuration: Math.round(job.estimatedDurationMs()),
    executor: build.building ? { _class: 'hudson.model.Executor' } : null,
    fullDisplayName: `${job.name} #${build.number}`,
    id: String(build.number),
    inProgress: build.building,
    keepLog: false,
    number: build.number,
    queueId: build.origin.queueId,
    result: build.result ?? null,
    timestamp: Math.round(build.startedAt),
    url: buildUrl(baseUrl, build),
    builtOn: build.executor?.agent ?? '',
    changeSet: { _class: 'hudson.plugins.git.GitChangeSetList', items: [], kind: 'git' },
    culprits: [],
  };
}

const QUEUE_CLASSES = { waiting: 'hudson.model.Queue$WaitingItem', blocked: 'hudson.model.Queue$BlockedItem', buildable: 'hudson.model.Queue$BuildableItem', left: 'hudson.model.Queue$LeftItem' } as const;

/** A queue item in its current stage, with `why` and the stage's own fields. */
export function queueItemJson(item: QueueItem, jenkins: JenkinsController, baseUrl: string): Json {
  const common = {
    _class: QUEUE_CLASSES[item.state],
    actions: origin(item.parameters, item.causes),
    blocked: item.state === 'blocked',
    buildable: item.state === 'buildable',
    id: item.id,
    inQueueSince: Math.round(item.inQueueSince),
    params: (item.parameters ?? []).map((value) => `\n${value.name}=${value.value}`).join(''),
    stuck: jenkins.stuck(item),
    task: jobRef(item.job, baseUrl),
    url: `queue/item/${item.id}/`,
    why: jenkins.why(item),
  };
  switch (item.state) {
    case 'waiting':
      return { ...common, timestamp: Math.round(item.dueAt) };
    case 'blocked':
      return { ...common, buildableStartMilliseconds: Math.round(item.buildableSince ?? item.dueAt) };
    case 'buildable':
      return { ...common, buildableStartMilliseconds: Math.round(item.buildableSince ?? item.dueAt), pending: false };
    case 'left':
      return { ...common, cancelled: item.cancelled, executable: buildRef(item.build, baseUrl) };
  }
}
