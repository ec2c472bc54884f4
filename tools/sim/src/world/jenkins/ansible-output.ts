/**
 * ansible-core 2.14's default stdout callback, as it writes to a pipe (no colour, 79 columns):
 * the banners, one line per host result, the PLAY RECAP with its padding and trailing spaces.
 * Checked against real runs of /usr/bin/ansible-playbook 2.14.18 (ansible_connection=local);
 * `ansible-output.test.ts` runs it again and compares.
 */

/** What a task did on a host. */
export type HostResult =
  | { kind: 'ok' }
  | { kind: 'changed' }
  | { kind: 'skipped' }
  | { kind: 'failed'; result: Record<string, unknown> }
  /** A failure under `ignore_errors: true`: printed as fatal, then `...ignoring`. */
  | { kind: 'ignored'; result: Record<string, unknown> }
  | { kind: 'unreachable'; msg: string };

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

const COLUMNS = 79;

/** Display.banner: a blank line, then the title padded with stars to the terminal's width (at least three). */
export function banner(title: string): string[] {
  const text = title.trim();
  return ['', `${text} ${'*'.repeat(Math.max(3, COLUMNS - text.length))}`];
}

/** The callback's lines for one host's result of a task. */
export function resultLines(host: string, result: HostResult): string[] {
  switch (result.kind) {
    case 'ok':
      return [`ok: [${host}]`];
    case 'changed':
      return [`changed: [${host}]`];
    case 'skipped':
      return [`skipping: [${host}]`];
    case 'failed':
      return [`fatal: [${host}]: FAILED! => ${pythonJson(result.result)}`];
    case 'ignored':
      return [`fatal: [${host}]: FAILED! => ${pythonJson(result.result)}`, '...ignoring'];
    case 'unreachable':
      return [`fatal: [${host}]: UNREACHABLE! => ${pythonJson({ changed: false, msg: result.msg, unreachable: true })}`];
  }
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 };
}

/** AggregateStats as the task executor counts a result: a change or an ignored failure counts as ok too. */
export function tally(stats: HostStats, result: HostResult): void {
  switch (result.kind) {
    case 'ok':
      stats.ok += 1;
      break;
    case 'changed':
      stats.ok += 1;
      stats.changed += 1;
      break;
    case 'skipped':
      stats.skipped += 1;
      break;
    case 'failed':
      stats.failures += 1;
      break;
    case 'ignored':
      stats.ok += 1;
      stats.ignored += 1;
      if (result.result.changed === true) stats.changed += 1;
      break;
    case 'unreachable':
      stats.unreachable += 1;
      break;
  }
}

/** v2_playbook_on_stats: hosts sorted as strings, `%-26s`, each count `name=%-4s`, then a blank line. */
export function recapLines(stats: ReadonlyMap<string, HostStats>): string[] {
  const hosts = [...stats.keys()].sort();
  const count = (name: string, value: number) => `${name}=${String(value).padEnd(4)}`;
  return [
    ...banner('PLAY RECAP'),
    ...hosts.map((host) => {
      const t = stats.get(host) ?? emptyStats();
      return `${host.padEnd(26)} : ${[count('ok', t.ok), count('changed', t.changed), count('unreachable', t.unreachable), count('failed', t.failures), count('skipped', t.skipped), count('rescued', t.rescued), count('ignored', t.ignored)].join(' ')}`;
    }),
    '',
  ];
}

/** ansible-playbook's exit status: 4 when any host was unreachable, else 2 when any failed, else 0. */
export function exitStatus(stats: ReadonlyMap<string, HostStats>): 0 | 2 | 4 {
  const all = [...stats.values()];
  if (all.some((t) => t.unreachable > 0)) return 4;
  return all.some((t) => t.failures > 0) ? 2 : 0;
}

/** Python's json.dumps(value, sort_keys=True, ensure_ascii=False), as the callback dumps results. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(', ')}}`;
}
