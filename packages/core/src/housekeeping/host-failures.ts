import type { AnsibleRecapCounts, HostRunResult, TaskFailure, TaskFailureOutcome } from './types.ts';
import type { ResultMessage } from './result-message.ts';

/**
 * One host's failed tasks as the default callback shows them, kept to a bounded list. The
 * output never says "rescued": a failure is known to be recovered from when `...ignoring`
 * follows it, or when the host goes on to show results of later tasks (its rescue tasks). The
 * recap settles the rest: its failed count says how many of the unrecovered failures failed
 * the host (an `always` section also lets a failed host go on).
 */
export interface RecordedFailure {
  play: string | null;
  task: string | null;
  /** Which task occurrence of the run it happened in; items of one loop share it. */
  taskIndex: number;
  item: string | null;
  kind: 'failed' | 'unreachable';
  mark: 'open' | 'ignored' | 'went-on';
  message: ResultMessage;
}

export interface HostRecord {
  host: string;
  counts: AnsibleRecapCounts | null;
  failures: RecordedFailure[];
  omittedFailures: number;
}

export function newHostRecord(host: string): HostRecord {
  return { host, counts: null, failures: [], omittedFailures: 0 };
}

/** Recovered failures make room first, so the ones that failed the host are the ones kept. */
export function recordFailure(record: HostRecord, failure: RecordedFailure, limit: number): void {
  if (record.failures.length >= limit) {
    const recovered = record.failures.findIndex((kept) => kept.mark !== 'open');
    record.failures.splice(recovered === -1 ? 0 : recovered, 1);
    record.omittedFailures++;
  }
  record.failures.push(failure);
}

/** The host showed a result of task `taskIndex`: its open failures of earlier tasks did not stop it. */
export function hostWentOn(record: HostRecord, taskIndex: number): void {
  for (const failure of record.failures) {
    if (failure.mark === 'open' && failure.taskIndex < taskIndex) failure.mark = 'went-on';
  }
}

/** `...ignoring` follows the last failure line: it covers that host's open failures of that task. */
export function ignoreFailures(record: HostRecord, taskIndex: number): void {
  for (const failure of record.failures) {
    if (failure.mark === 'open' && failure.taskIndex === taskIndex) failure.mark = 'ignored';
  }
}

export function hostResult(record: HostRecord): HostRunResult {
  const outcomes = failureOutcomes(record);
  return {
    host: record.host,
    counts: record.counts ? { ...record.counts } : null,
    failures: record.failures.map((failure, index): TaskFailure => ({
      host: record.host,
      play: failure.play,
      task: failure.task,
      item: failure.item,
      outcome: outcomes[index]!,
      ...failure.message,
    })),
    omittedFailures: record.omittedFailures,
  };
}

function failureOutcomes(record: HostRecord): TaskFailureOutcome[] {
  const failedByRecap = record.counts?.failed ?? null;
  // The recap counts one failure per task, however many loop items failed in it.
  const failingTasks = [...new Set(record.failures.filter((f) => f.kind === 'failed' && f.mark !== 'ignored').map((f) => f.taskIndex))];
  const hostFailingTasks = new Set(failedByRecap === null ? [] : failingTasks.slice(failingTasks.length - failedByRecap));

  return record.failures.map((failure) => {
    if (failure.mark === 'ignored') return 'ignored';
    if (failure.kind === 'unreachable') return 'unreachable';
    if (failedByRecap === null) return failure.mark === 'went-on' ? 'rescued' : 'failed';
    return hostFailingTasks.has(failure.taskIndex) ? 'failed' : 'rescued';
  });
}
