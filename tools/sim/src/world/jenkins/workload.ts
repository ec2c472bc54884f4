import { BUSY_PERIOD_MS } from '../nodes/nodes.ts';
import { Random } from '../random.ts';
import { JenkinsBuild } from './build.ts';
import { type Cause } from './causes.ts';
import { type Job, type JobSpec, type RunRequest } from './job.ts';
import { PlanWriter, SHELL_STEP_FAILED, shellStepLine, traced } from './plan-writer.ts';

/** The teams' CI jobs whose builds keep the fleet's agents busy. */
export const WORKLOAD_JOBS: Record<string, { command: string[]; output: string[] }> = {
  'app-interface-pr-check': { command: ['make', 'pr-check'], output: ['Validating data files against their schemas...', 'Running integration dry-runs: 214 checks', 'All checks passed'] },
  'ci-int-build-main': { command: ['make', 'build', 'push'], output: ['STEP 1/9: FROM registry.access.redhat.com/ubi9/ubi-minimal', 'STEP 9/9: ENTRYPOINT ["/usr/bin/app"]', 'Writing manifest to image destination'] },
  'qontract-reconcile-integration': { command: ['tox', '-e', 'py311'], output: ['py311: install_deps> python -I -m pip install -r requirements/requirements-test.txt', '=========== 1843 passed, 12 skipped in 412.31s (0:06:52) ===========', '  py311: OK'] },
  'saas-deploy-promote': { command: ['./promote.sh'], output: ['Promoting commit to the next saas target', 'saas file updated', 'merge request opened'] },
  'infra-packer-validate': { command: ['packer', 'validate', 'packer/'], output: ['The configuration is valid.'] },
};

const CAUSES: Cause[] = [{ kind: 'scm' }, { kind: 'scm' }, { kind: 'timer' }, { kind: 'user', userId: 'bkelly' }];

export function workloadJobSpec(name: string): JobSpec {
  return {
    name,
    description: `CI job of the teams the fleet serves (${name})`,
    parameters: undefined,
    concurrent: true,
    keepBuilds: 25,
    plan: (request) => workloadPlan(request, request.random.int(120, 360)).plan(request.random.chance(0.9) ? 'SUCCESS' : 'FAILURE'),
  };
}

function workloadPlan(request: RunRequest, seconds: number): PlanWriter {
  const job = WORKLOAD_JOBS[request.jobName] ?? { command: ['make'], output: [] };
  const writer = new PlanWriter(1).say(shellStepLine(request.jobName, request.random), traced(...job.command));
  const step = seconds / (job.output.length + 1);
  for (const line of job.output) writer.wait(step).say(line);
  return writer.waitUntil(seconds - 1);
}

export interface WorkloadHost {
  job(name: string): Job;
  newQueueId(): number;
  /** Runs `task` when the world's clock reaches `at`. */
  at(at: number, task: (at: Date) => void): void;
  timeScale(): number;
}

/**
 * The builds an online agent's busy executors run. The nodes decide how many executors are busy in
 * each seven-minute period; a build for each comes into being the first time someone looks, so
 * every executor Jenkins lists points at a build its API answers for, and it finishes as the period ends.
 */
export class Workload {
  private readonly builds = new Map<string, JenkinsBuild>();

  constructor(
    private readonly host: WorkloadHost,
    private readonly seed: string | number,
  ) {}

  buildFor(agent: { name: string; labels: string[] }, ordinal: number, slot: number, now: Date): JenkinsBuild {
    const period = Math.floor(now.getTime() / BUSY_PERIOD_MS);
    const key = `${agent.name}/${ordinal}/${period}`;
    const known = this.builds.get(key);
    if (known) return known;
    const random = new Random(`${this.seed}/workload/${key}`);
    const job = this.host.job(random.pick(Object.keys(WORKLOAD_JOBS)));
    const startedAt = period * BUSY_PERIOD_MS + random.int(0, 30_000);
    const endsAt = (period + 1) * BUSY_PERIOD_MS;
    const build = new JenkinsBuild(job.name, job.nextBuildNumber, { queueId: this.host.newQueueId(), causes: [random.pick(CAUSES)], parameters: undefined }, startedAt, { agent: agent.name, slot, labels: agent.labels });
    build.estimatedMs = job.estimatedDurationMs() > 0 ? job.estimatedDurationMs() : BUSY_PERIOD_MS;
    build.header(startedAt, `/var/lib/jenkins/workspace/${job.name}`);
    const seconds = ((endsAt - startedAt) / 1000) * this.host.timeScale();
    const plan = workloadPlan({ parameters: {}, startedAt: new Date(startedAt), random, jobName: job.name, number: build.number, executor: build.executor }, seconds);
    const result = random.chance(0.9) ? 'SUCCESS' : 'FAILURE';
    if (result === 'FAILURE') plan.say('make: *** [Makefile:14: ci] Error 2', SHELL_STEP_FAILED);
    for (const line of plan.lines) build.say(startedAt + Math.min((line.after * 1000) / this.host.timeScale(), endsAt - startedAt), line.text);
    job.add(build);
    this.builds.set(key, build);
    this.host.at(endsAt, (at) => {
      build.finish(at.getTime(), result);
      job.discardOld();
      this.builds.delete(key);
    });
    return build;
  }
}
