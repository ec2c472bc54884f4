import { type Random } from '../random.ts';
import { type BuildPlan, type PlannedEffect, type PlannedLine } from './job.ts';

/**
 * Writes a build's plan as a script runs: lines and effects at a moving instant (simulated
 * seconds from the build's start); parallel parts are written on their own and merged.
 */
export class PlanWriter {
  private readonly written: PlannedLine[] = [];
  readonly effects: PlannedEffect[] = [];
  private now: number;
  /** Lines written at given instants wait to be put in order until someone reads or appends: one sort, not one per line. */
  private unsorted = false;

  constructor(start = 0) {
    this.now = start;
  }

  get elapsed(): number {
    return this.now;
  }

  wait(seconds: number): this {
    this.now += Math.max(0, seconds);
    return this;
  }

  /** Moves to an instant no earlier than the current one. */
  waitUntil(after: number): this {
    this.now = Math.max(this.now, after);
    return this;
  }

  /** Every line so far, in time order (a stable sort: lines of one instant keep the order they were written in). */
  get lines(): PlannedLine[] {
    if (this.unsorted) {
      this.written.sort((a, b) => a.after - b.after);
      this.unsorted = false;
    }
    return this.written;
  }

  say(...texts: string[]): this {
    const lines = this.lines;
    for (const text of texts) lines.push({ after: this.now, text });
    return this;
  }

  effect(run: PlannedEffect['run']): this {
    return this.effectAt(this.now, run);
  }

  /** A line at a given instant, for parts that run side by side; the writer's own clock stays. */
  sayAt(after: number, ...texts: string[]): this {
    for (const text of texts) this.written.push({ after, text });
    this.unsorted = true;
    return this;
  }

  effectAt(after: number, run: PlannedEffect['run']): this {
    this.effects.push({ after, run });
    return this;
  }

  /** Another writer's lines and effects, interleaved by time; this one's clock moves to the later end. */
  merge(other: PlanWriter): this {
    this.written.push(...other.lines);
    this.unsorted = true;
    this.effects.push(...other.effects);
    this.now = Math.max(this.now, other.now);
    return this;
  }

  plan(result: BuildPlan['result'], onAbort?: BuildPlan['onAbort']): BuildPlan {
    return { lines: this.lines, effects: this.effects, seconds: this.now, result, onAbort };
  }
}

/** What Jenkins prints when a shell step exits non-zero (AbstractBuild, "Build step '%s' marked build as failure"). */
export const SHELL_STEP_FAILED = "Build step 'Execute shell' marked build as failure";

/** The line the Shell builder's launcher prints before running the step's script: `[job] $ /bin/sh -xe /tmp/jenkins….sh`. */
export function shellStepLine(jobName: string, random: Random): string {
  return `[${jobName}] $ /bin/sh -xe /tmp/jenkins${random.int(1, 9)}${String(random.int(0, 999_999_999)).padStart(9, '0')}${String(random.int(0, 999_999_999)).padStart(9, '0')}.sh`;
}

/** A command as `sh -x` traces it: `+ cmd arg 'arg with spaces'`. */
export function traced(...words: string[]): string {
  return `+ ${words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ')}`;
}

export interface Checkout {
  workspace: string;
  repoUrl: string;
  sha: string;
  message: string;
}

/** The Git plugin fetching the infra repo into the workspace and resolving the revision to build, as it logs it. */
function fetchLines(checkout: Omit<Checkout, 'message'>): string[] {
  const { workspace, repoUrl, sha } = checkout;
  return [
    'The recommended git tool is: NONE',
    'using credential gitlab-app-sre-ci',
    ` > git rev-parse --resolve-git-dir ${workspace}/.git # timeout=10`,
    'Fetching changes from the remote Git repository',
    ` > git config remote.origin.url ${repoUrl} # timeout=10`,
    `Fetching upstream changes from ${repoUrl}`,
    ' > git --version # timeout=10',
    " > git --version # 'git version 2.39.3'",
    'using GIT_ASKPASS to set credentials gitlab-app-sre-ci',
    ` > git fetch --tags --force --progress -- ${repoUrl} +refs/heads/*:refs/remotes/origin/* # timeout=10`,
    ` > git rev-parse ${sha}^{commit} # timeout=10`,
  ];
}

/** The Git plugin's checkout of the infra repo at a revision. */
export function gitCheckoutLines(checkout: Checkout): string[] {
  const { sha } = checkout;
  return [
    ...fetchLines(checkout),
    `Checking out Revision ${sha} (detached)`,
    ' > git config core.sparsecheckout # timeout=10',
    ` > git checkout -f ${sha} # timeout=10`,
    `Commit message: "${checkout.message.split('\n')[0] ?? ''}"`,
  ];
}

/** What the Git plugin says when the revision to build does not resolve. */
export function gitRevisionMissingLines(checkout: Omit<Checkout, 'message'>): string[] {
  return [...fetchLines(checkout), "ERROR: Couldn't find any revision to build. Verify the repository and branch configuration for this job."];
}
