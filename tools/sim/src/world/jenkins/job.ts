import { type Random } from '../random.ts';
import { type BuildResult, type ExecutorRef, type JenkinsBuild } from './build.ts';

/** A StringParameterDefinition: what buildWithParameters takes, and what it uses when a value is missing. */
export interface StringParameter {
  name: string;
  defaultValue: string;
  description: string;
}

/** A line the build prints, `after` simulated seconds from its start. */
export interface PlannedLine {
  after: number;
  text: string;
}

/** Something the build does to the world at its instant; it may print lines then, too. */
export interface PlannedEffect {
  after: number;
  run(at: Date): string[] | void;
}

/** What a build will do, decided when it starts: its output, its effects, how long it takes and how it ends. */
export interface BuildPlan {
  lines: PlannedLine[];
  effects: PlannedEffect[];
  seconds: number;
  result: Exclude<BuildResult, 'ABORTED'>;
  onAbort?(at: Date): void;
}

export interface RunRequest {
  /** Every parameter the job defines, given or defaulted. */
  parameters: Record<string, string>;
  startedAt: Date;
  random: Random;
  jobName: string;
  number: number;
  executor: ExecutorRef | undefined;
}

export interface JobSpec {
  name: string;
  description: string;
  /** Undefined for a job without parameters: buildWithParameters answers it 400. */
  parameters: StringParameter[] | undefined;
  /** Whether builds may run side by side; otherwise a second one waits, blocked. */
  concurrent: boolean;
  /** The build discarder's numToKeep. */
  keepBuilds: number;
  plan(request: RunRequest): BuildPlan;
}

export type Permalink = 'lastBuild' | 'lastCompletedBuild' | 'lastSuccessfulBuild' | 'lastFailedBuild' | 'lastStableBuild' | 'lastUnsuccessfulBuild' | 'lastUnstableBuild' | 'firstBuild';

export const PERMALINKS: readonly Permalink[] = ['firstBuild', 'lastBuild', 'lastCompletedBuild', 'lastFailedBuild', 'lastStableBuild', 'lastSuccessfulBuild', 'lastUnstableBuild', 'lastUnsuccessfulBuild'];

/** A job of the controller and the builds it still keeps, oldest first. */
export class Job {
  disabled = false;
  nextBuildNumber = 1;
  readonly builds: JenkinsBuild[] = [];

  constructor(readonly spec: JobSpec) {}

  get name(): string {
    return this.spec.name;
  }

  build(number: number): JenkinsBuild | undefined {
    return this.builds.find((build) => build.number === number);
  }

  running(): JenkinsBuild[] {
    return this.builds.filter((build) => build.building);
  }

  /** Newest first, as Jenkins lists them. */
  newestFirst(): JenkinsBuild[] {
    return [...this.builds].reverse();
  }

  permalink(name: Permalink): JenkinsBuild | undefined {
    const done = this.newestFirst().filter((build) => !build.building);
    switch (name) {
      case 'firstBuild':
        return this.builds[0];
      case 'lastBuild':
        return this.builds.at(-1);
      case 'lastCompletedBuild':
        return done[0];
      case 'lastSuccessfulBuild':
        return done.find((build) => build.result === 'SUCCESS' || build.result === 'UNSTABLE');
      case 'lastStableBuild':
        return done.find((build) => build.result === 'SUCCESS');
      case 'lastFailedBuild':
        return done.find((build) => build.result === 'FAILURE');
      case 'lastUnstableBuild':
        return done.find((build) => build.result === 'UNSTABLE');
      case 'lastUnsuccessfulBuild':
        return done.find((build) => build.result !== 'SUCCESS');
    }
  }

  add(build: JenkinsBuild): void {
    this.builds.push(build);
    this.builds.sort((a, b) => a.number - b.number);
    this.nextBuildNumber = Math.max(this.nextBuildNumber, build.number + 1);
  }

  /**
   * The build discarder (LogRotator with numToKeep): builds beyond the newest `keepBuilds` go, except
   * a running one and the last successful and last stable builds, which Jenkins never discards.
   */
  discardOld(): JenkinsBuild[] {
    const keep = new Set([this.permalink('lastSuccessfulBuild'), this.permalink('lastStableBuild')]);
    const discarded = this.newestFirst()
      .slice(this.spec.keepBuilds)
      .filter((build) => !build.building && !keep.has(build));
    for (const build of discarded) this.builds.splice(this.builds.indexOf(build), 1);
    return discarded;
  }

  /**
   * Job.getEstimatedDuration: the mean of the last successful build and up to two more recent
   * good ones, topped up with failed ones; -1 without any.
   */
  estimatedDurationMs(): number {
    const lastGood = this.permalink('lastSuccessfulBuild');
    const candidates: JenkinsBuild[] = lastGood ? [lastGood] : [];
    const fallback: JenkinsBuild[] = [];
    for (const build of this.newestFirst().slice(0, 6)) {
      if (candidates.length >= 3) break;
      if (build.building || build === lastGood || !build.result) continue;
      if (build.result === 'SUCCESS' || build.result === 'UNSTABLE') candidates.push(build);
      else if (build.result === 'FAILURE') fallback.push(build);
    }
    while (candidates.length < 3 && fallback.length > 0) candidates.push(fallback.shift() as JenkinsBuild);
    const total = candidates.reduce((sum, build) => sum + build.durationMs, 0);
    return candidates.length === 0 || total === 0 ? -1 : Math.round(total / candidates.length);
  }

  /** The ball colour Jenkins shows: the last finished build's, blinking (`_anime`) while one runs. */
  color(): string {
    if (this.disabled) return 'disabled';
    const last = this.permalink('lastCompletedBuild');
    const base = !last ? 'notbuilt' : ({ SUCCESS: 'blue', UNSTABLE: 'yellow', FAILURE: 'red', ABORTED: 'aborted' } as const)[last.result ?? 'ABORTED'];
    return this.running().length > 0 ? `${base}_anime` : base;
  }
}
