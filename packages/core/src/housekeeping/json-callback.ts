import { z } from 'zod';
import { cleanConsoleLine } from '../console-log/console-line.ts';
import { bounded } from '../console-log/line-splitter.ts';
import { messageFromResult } from './result-message.ts';
import type { AnsibleRunResult, HostRunResult, TaskFailure, TaskFailureOutcome } from './types.ts';

/**
 * Reads the output of `ANSIBLE_STDOUT_CALLBACK=json` (ansible.posix.json): one JSON document,
 * `{plays: [{play, tasks: [{task, hosts: {host: result}}]}], stats: {host: counts}}`, printed
 * when the run ends, maybe between other console lines. Its stats say `failures` where the recap
 * says `failed`. A failed task's result carries `failed: true`, an unreachable one
 * `unreachable: true`; ignored and rescued failures look alike, so they are told apart only when
 * the host's stats leave one of the two at zero (otherwise the outcome is `recovered`).
 */
export type JsonRecapResult = { ok: true; result: AnsibleRunResult } | { ok: false; error: { code: 'no-json-output' | 'invalid-json-output'; message: string } };

const count = z.number().int().nonnegative();
const stats = z.record(
  z.string(),
  z.object({ ok: count, changed: count, unreachable: count, failures: count, skipped: count.default(0), rescued: count.default(0), ignored: count.default(0) }),
);
const hostTaskResult = z.looseObject({ failed: z.boolean().optional(), unreachable: z.boolean().optional(), item: z.unknown().optional() });
const jsonCallbackOutput = z.object({
  plays: z.array(
    z.object({
      play: z.looseObject({ name: z.string() }),
      tasks: z.array(z.object({ task: z.looseObject({ name: z.string() }), hosts: z.record(z.string(), hostTaskResult) })),
    }),
  ),
  stats,
});

type Stats = z.infer<typeof stats>[string];

export function parseJsonCallbackRecap(consoleText: string, options: { maxFailuresPerHost?: number } = {}): JsonRecapResult {
  const document = jsonDocument(consoleText);
  if (document === null) {
    return { ok: false, error: { code: 'no-json-output', message: 'The log holds no JSON callback output: was ANSIBLE_STDOUT_CALLBACK=json set, and did the run finish?' } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (error) {
    return { ok: false, error: { code: 'invalid-json-output', message: `The JSON callback output is not valid JSON (${(error as Error).message}); the log may be cut short.` } };
  }
  const output = jsonCallbackOutput.safeParse(parsed);
  if (!output.success) {
    return { ok: false, error: { code: 'invalid-json-output', message: `The JSON callback output lacks what it should hold: ${output.error.issues[0]?.message ?? 'unknown shape'}.` } };
  }

  // Per host, each failure with the task it happened in; unreachable ones get a negative index.
  const failures = new Map<string, { failure: Omit<TaskFailure, 'outcome'>; task: number }[]>();
  let taskIndex = 0;
  for (const { play, tasks } of output.data.plays) {
    for (const { task, hosts } of tasks) {
      taskIndex++;
      for (const [host, result] of Object.entries(hosts)) {
        if (!result.failed && !result.unreachable) continue;
        const failure = { host, play: bounded(play.name, 200), task: bounded(task.name, 200), item: null, ...messageFromResult(result) };
        const list = failures.get(host) ?? [];
        list.push({ failure, task: result.unreachable ? -taskIndex : taskIndex });
        failures.set(host, list);
      }
    }
  }

  const hostNames = [...new Set([...Object.keys(output.data.stats), ...failures.keys()])].sort((a, b) => a.localeCompare(b));
  const hosts = hostNames.map((host): HostRunResult => {
    const hostStats = output.data.stats[host];
    const recorded = failures.get(host) ?? [];
    const outcomes = outcomesOf(recorded.map(({ task }) => task), hostStats);
    const all = recorded.map(({ failure }, index): TaskFailure => ({ ...failure, outcome: outcomes[index]! }));
    const kept = keepFailingFirst(all, options.maxFailuresPerHost ?? 5);
    const counts = hostStats
      ? { ok: hostStats.ok, changed: hostStats.changed, unreachable: hostStats.unreachable, failed: hostStats.failures, skipped: hostStats.skipped, rescued: hostStats.rescued, ignored: hostStats.ignored }
      : null;
    return { host, counts, failures: kept, omittedFailures: all.length - kept.length };
  });
  return { ok: true, result: { callback: 'json', recapSeen: true, hosts, omittedHosts: 0, errors: [] } };
}

/** The JSON document in the console text: one line, or from a lone `{` to the last lone `}`. */
function jsonDocument(consoleText: string): string | null {
  const lines = consoleText.split('\n').map((line) => cleanConsoleLine(line.replace(/\r$/, '')).text);
  const start = lines.findIndex((line) => line.startsWith('{'));
  if (start === -1) return null;
  if (lines[start] !== '{') return lines[start]!;
  const end = lines.findLastIndex((line) => line === '}');
  return end > start ? lines.slice(start, end + 1).join('\n') : null;
}

/** Per failure, in order; task indexes of unreachable results are negative. */
function outcomesOf(tasks: number[], hostStats: Stats | undefined): TaskFailureOutcome[] {
  const failed = tasks.filter((task) => task > 0);
  const hostFailing = new Set(failed.slice(failed.length - (hostStats?.failures ?? 0)));
  const recovered: TaskFailureOutcome = hostStats?.rescued === 0 ? 'ignored' : hostStats?.ignored === 0 ? 'rescued' : 'recovered';
  return tasks.map((task) => (task < 0 ? 'unreachable' : hostFailing.has(task) ? 'failed' : recovered));
}

function keepFailingFirst(failures: TaskFailure[], limit: number): TaskFailure[] {
  const kept = [...failures];
  while (kept.length > limit) {
    const recovered = kept.findIndex((failure) => failure.outcome !== 'failed' && failure.outcome !== 'unreachable');
    kept.splice(recovered === -1 ? 0 : recovered, 1);
  }
  return kept;
}
