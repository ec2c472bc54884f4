import { type BuildHistoryOptions, type BuildOptions, findBuildByParameter, type JenkinsBuild, readBuild, readBuilds, stopBuild } from './builds.ts';
import { applyCasc, type CascCheck, checkCasc, exportCasc } from './casc.ts';
import { type ConsolePiece, type ConsoleStreamOptions, type ConsoleText, progressiveText, streamConsole } from './console-log.ts';
import { type ComputerList, type JenkinsComputer, readComputer, readComputers, toggleOffline } from './computers.ts';
import { type Ec2FleetStat, type JenkinsIdentity, type JenkinsPlugin, readEc2FleetStats, readPlugins, readWhoAmI } from './controller.ts';
import { type JenkinsJob, type JobSummary, readJob, readJobs } from './jobs.ts';
import { type QueueItemState, readQueue, readQueueItem } from './queue.ts';
import { runScript } from './script-console.ts';
import { type JenkinsCredentials } from './session.ts';
import { createTransport } from './transport.ts';
import { buildWithParameters, type QueuedBuild } from './trigger.ts';

export interface JenkinsClientOptions {
  url: string;
  user?: string;
  /** The user's API token: with it Jenkins needs no crumb. */
  token?: string;
  /** The user's password, when there is no API token: POSTs then carry a crumb and its session cookie. */
  password?: string;
  /** How long a request may go without progress (no headers yet, or no body chunk) before it fails; 10 s by default. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A job is named by its full name: "bake-amis", or "infra/bake-amis" inside the folder infra. */
export interface JenkinsClient {
  readonly url: string;
  /** Every computer of the controller, the built-in node included. */
  /** Every computer; those Jenkins describes in a way the portal refuses are listed apart, with why. */
  computers(): Promise<ComputerList>;
  computer(name: string): Promise<JenkinsComputer>;
  toggleOffline(name: string, message: string): Promise<void>;

  job(name: string): Promise<JenkinsJob>;
  /** The top-level items: jobs and folders, told apart by their class. */
  jobs(): Promise<JobSummary[]>;
  /** Never retried; see `buildWithParameters` in trigger.ts for settling an 'outcome-unknown'. */
  buildWithParameters(job: string, parameters: Readonly<Record<string, string>>): Promise<QueuedBuild>;
  queueItem(id: number): Promise<QueueItemState>;
  queue(): Promise<QueueItemState[]>;
  build(job: string, number: number, options?: BuildOptions): Promise<JenkinsBuild>;
  /** The newest first. */
  builds(job: string, options?: BuildHistoryOptions): Promise<JenkinsBuild[]>;
  findBuildByParameter(job: string, name: string, value: string, options?: BuildHistoryOptions): Promise<JenkinsBuild | null>;
  stopBuild(job: string, number: number): Promise<void>;

  progressiveText(job: string, number: number, start?: number): Promise<ConsoleText>;
  streamConsole(job: string, number: number, options?: ConsoleStreamOptions): AsyncGenerator<ConsolePiece>;

  readonly casc: {
    /** The live configuration as YAML. */
    export(): Promise<string>;
    check(yaml: string): Promise<CascCheck>;
    apply(yaml: string): Promise<void>;
  };
  /** What the script printed; a script that throws fails with code 'script-failed' (a ScriptFailure). */
  runScript(groovy: string): Promise<string>;

  plugins(): Promise<JenkinsPlugin[]>;
  ec2FleetStats(): Promise<Ec2FleetStat[]>;
  whoAmI(): Promise<JenkinsIdentity>;
  /** The controller's version, from X-Jenkins. */
  version(): Promise<string | null>;
}

export function credentialsOf(options: Pick<JenkinsClientOptions, 'user' | 'token' | 'password'>): JenkinsCredentials {
  if (options.user && options.token) return { kind: 'api-token', user: options.user, token: options.token };
  if (options.user && options.password) return { kind: 'password', user: options.user, password: options.password };
  return { kind: 'anonymous' };
}

export function createJenkinsClient(options: JenkinsClientOptions): JenkinsClient {
  const t = createTransport({ url: options.url, credentials: credentialsOf(options), timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch });
  return {
    url: t.base,
    computers: () => readComputers(t),
    computer: (name) => readComputer(t, name),
    toggleOffline: (name, message) => toggleOffline(t, name, message),
    job: (name) => readJob(t, name),
    jobs: () => readJobs(t),
    buildWithParameters: (job, parameters) => buildWithParameters(t, job, parameters),
    queueItem: (id) => readQueueItem(t, id),
    queue: () => readQueue(t),
    build: (job, number, buildOptions) => readBuild(t, job, number, buildOptions),
    builds: (job, history) => readBuilds(t, job, history),
    findBuildByParameter: (job, name, value, history) => findBuildByParameter(t, job, name, value, history),
    stopBuild: (job, number) => stopBuild(t, job, number),
    progressiveText: (job, number, start) => progressiveText(t, job, number, start),
    streamConsole: (job, number, streamOptions) => streamConsole(t, job, number, streamOptions),
    casc: { export: () => exportCasc(t), check: (yaml) => checkCasc(t, yaml), apply: (yaml) => applyCasc(t, yaml) },
    runScript: (groovy) => runScript(t, groovy),
    plugins: () => readPlugins(t),
    ec2FleetStats: () => readEc2FleetStats(t),
    whoAmI: () => readWhoAmI(t),
    version: async () => (await readWhoAmI(t)).version,
  };
}
