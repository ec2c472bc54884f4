import { type Random } from '../random.ts';
import { banner, emptyStats, exitStatus, recapLines, resultLines, tally, type HostResult, type HostStats } from './ansible-output.ts';
import { type PlanWriter } from './plan-writer.ts';

export interface TaskOutcome {
  result: HostResult;
  /** Simulated seconds the task takes on the host. */
  seconds: number;
  /** What it does to the world when it finishes there (live runs only). */
  effect?: (at: Date) => void;
}

export interface PlaybookTask<F> {
  /** The name as printed, templated. */
  name: string;
  /** `always` runs whatever `--tags` asks. */
  tags: readonly string[];
  run(facts: F, random: Random): TaskOutcome;
}

export interface Playbook<F> {
  name: string;
  tasks: PlaybookTask<F>[];
}

export interface InventoryHost<F> {
  /** The inventory name ansible prints. */
  name: string;
  facts: F;
  /** Why connecting fails and after how many seconds; undefined when the host answers. */
  unreachable: { msg: string; seconds: number } | undefined;
}

export interface PlaybookRunOptions {
  /** `--tags`; undefined runs every task. */
  tags: string[] | undefined;
  random: Random;
  /** Ansible's default. */
  forks?: number;
}

/**
 * Writes what `ansible-playbook` prints for one play over the hosts with the linear strategy: each
 * task on every host still in the play, at most `forks` at once, results in the order they finish;
 * a host that fails or cannot be reached leaves the play. Returns the exit status.
 */
export function writePlaybookRun<F>(writer: PlanWriter, playbook: Playbook<F>, hosts: readonly InventoryHost<F>[], options: PlaybookRunOptions): 0 | 2 | 4 {
  const { random } = options;
  const stats = new Map<string, HostStats>(hosts.map((host) => [host.name, emptyStats()]));
  const gather: PlaybookTask<InventoryHost<F>> = {
    name: 'Gathering Facts',
    tags: ['always'],
    run: (host) => (host.unreachable ? { result: { kind: 'unreachable', msg: host.unreachable.msg }, seconds: host.unreachable.seconds } : { result: { kind: 'ok' }, seconds: 1.5 + random.next() * 3 }),
  };
  const selected = playbook.tasks.filter((task) => !options.tags || task.tags.includes('always') || task.tags.some((tag) => options.tags?.includes(tag)));
  const tasks: PlaybookTask<InventoryHost<F>>[] = [gather, ...selected.map((task) => ({ ...task, run: (host: InventoryHost<F>, r: Random) => task.run(host.facts, r) }))];
  writer.say(...banner(`PLAY [${playbook.name}]`));
  let active = [...hosts];
  for (const task of tasks) {
    // With every host out of the play, ansible-playbook 2.14 goes straight to the recap.
    if (active.length === 0) break;
    writer.say(...banner(`TASK [${task.name}]`));
    const finished = runTask(task, active, writer.elapsed, options.forks ?? 5, random);
    for (const { host, outcome, at } of finished) {
      writer.sayAt(at, ...resultLines(host.name, outcome.result));
      if (outcome.effect) writer.effectAt(at, outcome.effect);
      const hostStats = stats.get(host.name);
      if (hostStats) tally(hostStats, outcome.result);
    }
    const leaving = new Set(finished.filter(({ outcome }) => outcome.result.kind === 'failed' || outcome.result.kind === 'unreachable').map(({ host }) => host));
    active = active.filter((host) => !leaving.has(host));
    writer.waitUntil(Math.max(writer.elapsed, ...finished.map(({ at }) => at)) + 0.2);
  }
  writer.say(...recapLines(stats));
  return exitStatus(stats);
}

/** One task over the hosts, `forks` at a time in inventory order; each result at the instant it finishes. */
function runTask<F>(task: PlaybookTask<InventoryHost<F>>, hosts: readonly InventoryHost<F>[], start: number, forks: number, random: Random) {
  const workers = Array.from({ length: forks }, () => start);
  const finished = hosts.map((host) => {
    const worker = workers.indexOf(Math.min(...workers));
    const outcome = task.run(host, random);
    const at = (workers[worker] ?? start) + outcome.seconds;
    workers[worker] = at;
    return { host, outcome, at };
  });
  return finished.sort((a, b) => a.at - b.at);
}
