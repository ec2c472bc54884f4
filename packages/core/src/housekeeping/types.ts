import type { AnsibleRecapCounts } from '../console-log/ansible-lines.ts';

export type { AnsibleRecapCounts } from '../console-log/ansible-lines.ts';

/**
 * What became of a task that failed on a host:
 * - `failed`: it failed the host (the recap counts it under failed)
 * - `unreachable`: the host could not be reached
 * - `ignored`: the task had ignore_errors (`...ignoring`); the host went on
 * - `rescued`: the task was in a block whose rescue ran; the host went on
 * - `recovered`: ignored or rescued, and the output does not say which (the JSON callback)
 */
export type TaskFailureOutcome = 'failed' | 'unreachable' | 'ignored' | 'rescued' | 'recovered';

export interface TaskFailure {
  host: string;
  play: string | null;
  task: string | null;
  /** The loop item's label when one item of a loop failed. */
  item: string | null;
  outcome: TaskFailureOutcome;
  /** The result's `msg`: its first lines, bounded. */
  message: string;
  /** The first non-empty line of the result's stderr, when it has one that says more than msg. */
  stderr: string | null;
  rc: number | null;
}

export interface HostRunResult {
  host: string;
  /** From the PLAY RECAP (or the JSON callback's stats); null until the recap is read. */
  counts: AnsibleRecapCounts | null;
  /** The host's failed tasks in order, at most the parser's limit per host. */
  failures: TaskFailure[];
  /** Failures seen beyond that limit; the ones kept are the ones that failed the host first. */
  omittedFailures: number;
}

export interface AnsibleRunResult {
  callback: 'default' | 'json';
  /** Whether a recap (or the JSON callback's stats) was read: without it the run did not finish. */
  recapSeen: boolean;
  /** By host name. */
  hosts: HostRunResult[];
  /** Hosts left out beyond the parser's limit. */
  omittedHosts: number;
  /** `ERROR! …` lines: the playbook could not run (syntax, missing role, bad inventory). */
  errors: string[];
}
