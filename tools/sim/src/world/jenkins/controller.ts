import { type AgentView } from '../nodes/nodes.ts';
import { Random } from '../random.ts';
import { type World } from '../world.ts';
import { BAKE_JOB, BakeFailures, bakeJobSpec } from './bake-job.ts';
import { JenkinsBuild, type ExecutorRef, type ParameterValue } from './build.ts';
import { type Cause } from './causes.ts';
import { jenkinsTimeSpan } from './durations.ts';
import { Executors } from './executors.ts';
import { caCertsJobSpec, HousekeepingState, housekeepingJobSpec } from './housekeeping-jobs.ts';
import { Job, type BuildPlan } from './job.ts';
import { JenkinsQueue, type QueueItem } from './queue.ts';
import { Workload, WORKLOAD_JOBS, workloadJobSpec } from './workload.ts';

/** The seeded Jenkins history's notable facts, for tests and demos that want to point at them. */
export interface JenkinsScenario {
  /** The node whose nightly housekeeping failed the last three nights running: its disk fills with what cleanup cannot remove. */
  housekeepingFailingNode: { instanceId: string; host: string; builds: number[] } | undefined;
}

export interface ControllerJobsOptions {
  /** The bake and housekeeping jobs besides the teams' CI jobs. */
  fleetJobs: boolean;
  /** The agents whose executors this controller's builds run on. */
  agents(): AgentView[];
  /** Tells one controller's teams' builds from another's. */
  workloadSeed?: string;
}

/** Jenkins's default quiet period (5 s of the controller's clock). */
export const QUIET_PERIOD_MS = 5_000;
/** Queue.maintain runs every five seconds, besides whenever something changes. */
const MAINTENANCE_MS = 5_000;

export type ScheduleOutcome = { kind: 'created' | 'existing'; item: QueueItem } | { kind: 'unknown-job' } | { kind: 'disabled' } | { kind: 'not-parameterized' };

export interface ScheduleRequest {
  /** Values by name: names the job does not define are ignored, missing ones take their defaults. */
  parameters: Record<string, string>;
  cause: Cause;
  /** The quiet period; Jenkins's default when left out. */
  delayMs?: number;
  /** buildWithParameters refuses a job without parameters; /build does not. */
  requireParameters?: boolean;
}

/** A build that happened before the simulator started, replayed into the job's history. */
export interface PastRun {
  jobName: string;
  startedAt: number;
  causes: Cause[];
  parameters: Record<string, string>;
  executor: ExecutorRef | undefined;
  plan: BuildPlan;
}

/**
 * The Jenkins controller of the world: its jobs, the queue, builds that run on the fleet's agents
 * on the world's clock (their timed output and effects on the world's timeline), and the controls
 * tests and the demo use.
 */
export class JenkinsController {
  readonly bakeJobName = BAKE_JOB;
  readonly queue = new JenkinsQueue();
  readonly housekeeping: HousekeepingState;
  readonly executors: Executors;
  private readonly bakeFailures = new BakeFailures();
  private readonly jobsByName = new Map<string, Job>();
  private readonly running = new Set<JenkinsBuild>();
  private maintenanceAt: number | undefined;

  constructor(
    private readonly world: World,
    private readonly seed: string | number,
    options: ControllerJobsOptions,
  ) {
    const bakedAt = (instanceId: string) => world.images.get(world.fleet.instances.get(instanceId)?.imageId ?? '')?.creationDate;
    this.housekeeping = new HousekeepingState(seed, new Date(world.clock().getTime() - 9 * 86_400_000), bakedAt);
    const workload = new Workload({ job: (name) => this.requireJob(name), newQueueId: () => this.queue.newId(), at: (at, task) => this.at(at, task), timeScale: () => world.fleet.timeScale }, `${seed}${options.workloadSeed ?? ''}`);
    this.executors = new Executors({ agents: options.agents, running: () => [...this.running], workload });
    const fleetJobs = options.fleetJobs ? [bakeJobSpec(world, this.bakeFailures), housekeepingJobSpec(world, this.housekeeping), caCertsJobSpec(world, this.housekeeping)] : [];
    for (const spec of [...fleetJobs, ...Object.keys(WORKLOAD_JOBS).map(workloadJobSpec)]) {
      this.jobsByName.set(spec.name, new Job(spec));
    }
  }

  /** Every job, as the controller lists them (by name). */
  jobs(): Job[] {
    return [...this.jobsByName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  job(name: string): Job | undefined {
    return this.jobsByName.get(name);
  }

  requireJob(name: string): Job {
    const job = this.jobsByName.get(name);
    if (!job) throw new Error(`no job ${name} on the simulated Jenkins`);
    return job;
  }

  /** Queue.schedule2 for a job, as buildWithParameters and build call it. */
  schedule(jobName: string, request: ScheduleRequest): ScheduleOutcome {
    const job = this.jobsByName.get(jobName);
    if (!job) return { kind: 'unknown-job' };
    if (job.disabled) return { kind: 'disabled' };
    if (request.requireParameters && !job.spec.parameters) return { kind: 'not-parameterized' };
    const parameters = job.spec.parameters?.map((definition): ParameterValue => ({ name: definition.name, value: request.parameters[definition.name] ?? definition.defaultValue }));
    const now = this.now();
    const { created, item } = this.queue.enqueue(job, [request.cause], parameters, now, request.delayMs ?? QUIET_PERIOD_MS);
    this.scheduleMaintenance(now);
    return { kind: created ? 'created' : 'existing', item };
  }

  /** POST /queue/cancelItem: a queued item leaves as cancelled; one that already left cannot be. */
  cancel(id: number): 'cancelled' | 'left' | 'not-found' {
    const item = this.queue.item(id, this.now());
    if (!item) return 'not-found';
    if (item.state === 'left') return 'left';
    this.queue.leave(item, this.now(), undefined);
    return 'cancelled';
  }

  /** POST /job/<name>/<n>/stop: a running build is aborted by the user; a finished one is left alone. */
  stop(jobName: string, number: number, by: string): JenkinsBuild | undefined {
    const job = this.jobsByName.get(jobName);
    const build = job?.build(number);
    if (!job || !build) return undefined;
    if (build.building) {
      const now = this.now();
      build.abort(now, by);
      this.ended(job, build, now);
    }
    return build;
  }

  disable(jobName: string): void {
    this.requireJob(jobName).disabled = true;
  }

  enable(jobName: string): void {
    this.requireJob(jobName).disabled = false;
  }

  /** The next full bake of the worker type fails at an Ansible task (by default the package installation), leaving no AMI. */
  failBakeOf(workerType: string, failure: { task?: string; message?: string } = {}): void {
    if (!this.world.config.workerTypes.some((type) => type.key === workerType)) throw new Error(`no worker type ${workerType} in the fleet config`);
    this.bakeFailures.failNext(workerType, failure);
  }

  /** What each of the agent's executors runs now. */
  slotsOf(agent: AgentView): (JenkinsBuild | undefined)[] {
    return this.executors.slots(agent, this.world.clock());
  }

  /** Queue.Item.getWhy at this instant. */
  why(item: QueueItem): string | null {
    const now = this.now();
    switch (item.state) {
      case 'waiting':
        return item.dueAt - now >= 0 ? `In the quiet period. Expires in ${jenkinsTimeSpan(item.dueAt - now)}` : 'Finished waiting';
      case 'blocked': {
        const last = item.job.permalink('lastBuild');
        if (!last?.building) return 'Waiting for next available executor';
        const remaining = last.estimatedMs < 0 ? -1 : last.estimatedMs - (now - last.startedAt);
        return `Build #${last.number} is already in progress (ETA: ${remaining > 0 ? jenkinsTimeSpan(remaining) : 'N/A'})`;
      }
      case 'buildable':
        return 'Waiting for next available executor';
      case 'left':
        return null;
    }
  }

  /** BuildableItem.isStuck: ten times the job's estimate (at least ten minutes) without an executor, or a day without an estimate. */
  stuck(item: QueueItem): boolean {
    if (item.state !== 'buildable') return false;
    const waited = this.now() - (item.buildableSince ?? this.now());
    const estimate = item.job.estimatedDurationMs();
    return estimate >= 0 ? waited > Math.max(estimate, 60_000) * 10 : waited > 86_400_000;
  }

  /** Puts a past build into its job's history, numbered after the ones before it. */
  replay(run: PastRun): JenkinsBuild {
    const job = this.requireJob(run.jobName);
    const parameters = job.spec.parameters?.map((definition) => ({ name: definition.name, value: run.parameters[definition.name] ?? definition.defaultValue }));
    const build = new JenkinsBuild(job.name, job.nextBuildNumber, { queueId: this.queue.newId(), causes: run.causes, parameters }, run.startedAt, run.executor);
    build.estimatedMs = job.estimatedDurationMs();
    build.header(run.startedAt, workspaceOf(job.name));
    for (const line of run.plan.lines) build.say(run.startedAt + line.after * 1000, line.text);
    build.finish(run.startedAt + run.plan.seconds * 1000, run.plan.result);
    job.add(build);
    job.discardOld();
    return build;
  }

  private maintain(at: number): void {
    for (const item of this.queue.pending()) {
      if (item.state === 'waiting' && item.dueAt <= at) {
        item.state = 'buildable';
        item.buildableSince = at;
      }
    }
    const ready = this.queue
      .pending()
      .filter((item) => item.state !== 'waiting')
      .sort((a, b) => (a.buildableSince ?? 0) - (b.buildableSince ?? 0) || a.id - b.id);
    for (const item of ready) {
      if (!item.job.spec.concurrent && item.job.running().length > 0) {
        item.state = 'blocked';
        continue;
      }
      const executor = this.executors.pick(item.job.name);
      if (executor) this.start(item, executor, at);
      else item.state = 'buildable';
    }
    this.scheduleMaintenance(at);
  }

  private scheduleMaintenance(now: number): void {
    const pending = this.queue.pending();
    if (pending.length === 0) return;
    const next = Math.min(this.queue.nextDue() ?? Infinity, pending.some((item) => item.state !== 'waiting') ? now + MAINTENANCE_MS : Infinity);
    if (this.maintenanceAt !== undefined && this.maintenanceAt >= now && this.maintenanceAt <= next) return;
    this.maintenanceAt = next;
    this.at(next, (when) => {
      if (this.maintenanceAt === next) this.maintenanceAt = undefined;
      this.maintain(when.getTime());
    });
  }

  /** The build leaves the queue onto an executor; its plan is laid out on the world's timeline. */
  private start(item: QueueItem, executor: ExecutorRef, at: number): void {
    const job = item.job;
    const build = new JenkinsBuild(job.name, job.nextBuildNumber, { queueId: item.id, causes: item.causes, parameters: item.parameters }, at, executor);
    build.estimatedMs = job.estimatedDurationMs();
    job.add(build);
    this.running.add(build);
    this.queue.leave(item, at, build);
    build.header(at, workspaceOf(job.name));
    const parameters = Object.fromEntries((item.parameters ?? []).map((value) => [value.name, value.value]));
    const random = new Random(`${this.seed}/build/${job.name}/${build.number}`);
    const plan = job.spec.plan({ parameters, startedAt: new Date(at), random, jobName: job.name, number: build.number, executor });
    const instant = (after: number) => at + (after * 1000) / this.world.fleet.timeScale;
    for (const line of plan.lines) build.say(instant(line.after), line.text);
    for (const effect of plan.effects) {
      this.at(instant(effect.after), (when) => {
        if (!build.building) return;
        const printed = effect.run(when);
        if (Array.isArray(printed)) build.say(when.getTime(), ...printed);
      });
    }
    build.onAbort = plan.onAbort;
    this.at(instant(plan.seconds), (when) => {
      if (!build.building) return;
      build.finish(when.getTime(), plan.result);
      this.ended(job, build, when.getTime());
    });
  }

  private ended(job: Job, build: JenkinsBuild, at: number): void {
    this.running.delete(build);
    job.discardOld();
    this.maintain(at);
  }

  private at(at: number, task: (at: Date) => void): void {
    this.world.fleet.timeline.schedule(new Date(at), task);
  }

  private now(): number {
    return this.world.clock().getTime();
  }
}

export function workspaceOf(jobName: string): string {
  return `/var/lib/jenkins/workspace/${jobName}`;
}
