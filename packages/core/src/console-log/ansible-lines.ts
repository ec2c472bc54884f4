/**
 * The lines of ansible-playbook's default stdout callback (ansible-core 2.14,
 * lib/ansible/plugins/callback/default.py), after ANSI colours and prefixes are taken off.
 * Housekeeping runs print them as they are; Packer's Ansible provisioner prints them after
 * `    <build>: ` or `==> <build>: `.
 *
 * - banners, ending in three or more `*`: `PLAY [name]`, `PLAY` (a play without a name),
 *   `TASK [name]`, `RUNNING HANDLER [name]`, `PLAY RECAP`; ` [CHECK MODE]` may follow the name;
 *   with cowsay installed the banner is `< TASK [name] >` inside the cow
 * - per host: `ok: [host]`, `changed: [host]`, `skipping: [host]`, each maybe followed by ` => …`
 *   or ` => (item=…)`; `included: <file> for host1, host2`
 * - failures: `fatal: [host]: FAILED! => {json}`, `fatal: [host]: UNREACHABLE! => {json}`,
 *   `failed: [host] (item=label) => {json}` for one item of a loop; the payload is on the same
 *   line unless the result format is YAML or pretty-printed (then it follows, indented)
 * - `...ignoring` right after the failure of a task with ignore_errors / ignore_unreachable
 * - the recap: `host : ok=N changed=N unreachable=N failed=N skipped=N rescued=N ignored=N`,
 *   padded with spaces (trailing ones too); older Ansible prints only the first four counts
 * - `ERROR! …` when the playbook cannot run at all
 * A host label may name a delegate, `[host -> other]`; the host is the part before the arrow.
 */
export interface AnsibleRecapCounts {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type AnsibleLine =
  | { kind: 'play'; name: string }
  | { kind: 'task'; name: string }
  | { kind: 'recap-banner' }
  | { kind: 'recap'; host: string; counts: AnsibleRecapCounts }
  | { kind: 'host-result'; host: string }
  | { kind: 'included'; hosts: string[] }
  | { kind: 'failure'; failure: 'failed' | 'unreachable'; host: string; item: string | null; payload: string }
  | { kind: 'ignoring' }
  | { kind: 'error'; text: string }
  | { kind: 'other' };

const BANNER = /^(?:< )?(PLAY RECAP|PLAY|TASK|RUNNING HANDLER)(?: \[(.*)\])?(?: >| \*{3,})\s*$/;
const CHECK_MODE = /\] \[CHECK MODE$/;
const HOST_RESULT = /^(?:ok|changed|skipping): \[([^\]]+)\]/;
const INCLUDED = /^included: .+ for (.+?)(?: => \(item=.*\))?$/;
const FATAL = /^fatal: \[([^\]]+)\]: (FAILED|UNREACHABLE)! =>(?: (.*))?$/;
const ITEM_FAILED = /^failed: \[([^\]]+)\] \(item=(.*?)\) =>(?: (.*))?$/;
const RECAP =
  /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)(?:\s+skipped=(\d+))?(?:\s+rescued=(\d+))?(?:\s+ignored=(\d+))?\s*$/;

export function classifyAnsibleLine(text: string): AnsibleLine {
  const banner = BANNER.exec(text);
  if (banner) {
    const [, word, rawName] = banner;
    if (word === 'PLAY RECAP') return { kind: 'recap-banner' };
    const name = (rawName ?? '').replace(CHECK_MODE, '');
    return word === 'PLAY' ? { kind: 'play', name } : { kind: 'task', name };
  }
  const result = HOST_RESULT.exec(text);
  if (result) return { kind: 'host-result', host: hostOf(result[1]!) };
  const fatal = FATAL.exec(text);
  if (fatal) {
    const failure = fatal[2] === 'UNREACHABLE' ? 'unreachable' : 'failed';
    return { kind: 'failure', failure, host: hostOf(fatal[1]!), item: null, payload: fatal[3] ?? '' };
  }
  const itemFailed = ITEM_FAILED.exec(text);
  if (itemFailed) {
    return { kind: 'failure', failure: 'failed', host: hostOf(itemFailed[1]!), item: itemFailed[2]!, payload: itemFailed[3] ?? '' };
  }
  if (text === '...ignoring') return { kind: 'ignoring' };
  const recap = RECAP.exec(text);
  if (recap) {
    const count = (index: number) => Number(recap[index] ?? 0);
    return {
      kind: 'recap',
      host: recap[1]!,
      counts: { ok: count(2), changed: count(3), unreachable: count(4), failed: count(5), skipped: count(6), rescued: count(7), ignored: count(8) },
    };
  }
  const included = INCLUDED.exec(text);
  if (included) return { kind: 'included', hosts: included[1]!.split(', ').map(hostOf) };
  if (text.startsWith('ERROR! ')) return { kind: 'error', text };
  return { kind: 'other' };
}

function hostOf(label: string): string {
  const arrow = label.indexOf(' -> ');
  return arrow === -1 ? label : label.slice(0, arrow);
}
