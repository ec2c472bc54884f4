import { causeDescription, type Cause } from './causes.ts';

export type BuildResult = 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'ABORTED';

export interface ParameterValue {
  name: string;
  value: string;
}

/** One line of a build's console, shown once the clock reaches `at` (ms epoch). */
export interface LogLine {
  at: number;
  text: string;
}

export interface BuildOrigin {
  queueId: number;
  causes: Cause[];
  /** The ParametersAction's values; undefined for a job without parameters. */
  parameters: ParameterValue[] | undefined;
}

/** Where the build runs: an agent (an instance id) and which of its executors. */
export interface ExecutorRef {
  agent: string;
  slot: number;
  labels: string[];
}

/**
 * One run of a job. Its console is written ahead of time, line by line with the instant each line
 * appears, so reading it at any instant shows exactly what the build had printed by then.
 */
export class JenkinsBuild {
  readonly lines: LogLine[] = [];
  result: BuildResult | undefined;
  endedAt: number | undefined;
  /** What the job estimated when the build started (-1 when it had no history), for ETAs and progress. */
  estimatedMs = -1;
  /** Called when the build is aborted, to undo what only a finished build may leave behind. */
  onAbort: ((at: Date) => void) | undefined;

  constructor(
    readonly jobName: string,
    readonly number: number,
    readonly origin: BuildOrigin,
    readonly startedAt: number,
    readonly executor: ExecutorRef | undefined,
  ) {}

  get building(): boolean {
    return this.result === undefined;
  }

  /** Whole milliseconds, as Jenkins's System.currentTimeMillis() differences are. */
  get durationMs(): number {
    return this.endedAt === undefined ? 0 : Math.round(this.endedAt - this.startedAt);
  }

  parameter(name: string): string | undefined {
    return this.origin.parameters?.find((parameter) => parameter.name === name)?.value;
  }

  /** Adds lines at an instant, after whatever the log already holds for that instant. */
  say(at: number, ...texts: string[]): void {
    const lines = texts.flatMap((text) => text.split('\n')).map((text) => ({ at, text }));
    let index = this.lines.length;
    while (index > 0 && (this.lines[index - 1]?.at ?? 0) > at) index -= 1;
    this.lines.splice(index, 0, ...lines);
  }

  /** The console as of `now`: every line printed by then, each ending in a newline. */
  log(now: number): string {
    let text = '';
    for (const line of this.lines) {
      if (line.at > now) break;
      text += `${line.text}\n`;
    }
    return text;
  }

  /** The lines Jenkins prints before the job's own steps: causes, the identity, the agent and workspace. */
  header(at: number, workspace: string): void {
    this.say(at, ...this.origin.causes.map(causeDescription), 'Running as SYSTEM');
    const where = this.executor ? `Building remotely on ${this.executor.agent}${this.executor.labels.length ? ` (${this.executor.labels.join(' ')})` : ''}` : 'Building on the built-in node';
    this.say(at, `${where} in workspace ${workspace}`);
  }

  finish(at: number, result: BuildResult): void {
    if (!this.building) return;
    this.result = result;
    this.endedAt = at;
    this.say(at, `Finished: ${result}`);
  }

  /** What an abort leaves: the log stops where it was, then Jenkins's own lines (Run.BuildAborted, CauseOfInterruption). */
  abort(at: number, by: string): void {
    if (!this.building) return;
    const kept = this.lines.filter((line) => line.at <= at);
    this.lines.splice(0, this.lines.length, ...kept);
    this.say(at, 'Build was aborted', `Aborted by ${by}`);
    this.finish(at, 'ABORTED');
    this.onAbort?.(new Date(at));
  }
}
