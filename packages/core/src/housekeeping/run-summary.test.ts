import { describe, expect, it } from 'vitest';
import { parseJsonCallbackRecap } from './json-callback.ts';
import { parseRecap } from './recap-parser.ts';
import { describeAnsibleExitCode, summarizeAnsibleRun } from './run-summary.ts';

function recap(...lines: string[]): string {
  return ['PLAY RECAP ***', ...lines, ''].join('\n');
}

describe('summarizeAnsibleRun', () => {
  it('says "no changes" in one phrase when nothing changed or failed', () => {
    const summary = summarizeAnsibleRun(parseRecap(recap('a : ok=3 changed=0 unreachable=0 failed=0', 'b : ok=3 changed=0 unreachable=0 failed=0')));
    expect(summary).toEqual({ hostsTotal: 2, hostsChanged: 0, hostsFailed: 0, hostsUnreachable: 0, headline: 'no changes on 2 hosts', expectedExitCode: 0 });
  });

  it('counts the hosts with changes', () => {
    const summary = summarizeAnsibleRun(parseRecap(recap('a : ok=3 changed=2 unreachable=0 failed=0', 'b : ok=3 changed=0 unreachable=0 failed=0')));
    expect(summary.headline).toBe('changes on 1 of 2 hosts');
  });

  it('puts failed and unreachable hosts first and expects exit code 4 when any host was unreachable', () => {
    const summary = summarizeAnsibleRun(
      parseRecap(recap('a : ok=3 changed=1 unreachable=0 failed=1', 'b : ok=0 changed=0 unreachable=1 failed=0', 'c : ok=1 changed=0 unreachable=0 failed=0')),
    );
    expect(summary).toMatchObject({ hostsFailed: 1, hostsUnreachable: 1, headline: '1 failed, 1 unreachable of 3 hosts; changes on 1', expectedExitCode: 4 });
  });

  it('expects exit code 2 when hosts failed and none was unreachable', () => {
    expect(summarizeAnsibleRun(parseRecap(recap('a : ok=3 changed=0 unreachable=0 failed=1'))).expectedExitCode).toBe(2);
  });

  it('says the run has not finished before the recap', () => {
    expect(summarizeAnsibleRun(parseRecap('TASK [t] ***\nok: [a]\n'))).toMatchObject({ headline: 'no recap yet: the run has not finished', expectedExitCode: null });
  });
});

describe('describeAnsibleExitCode', () => {
  it.each([
    [0, 'ok'],
    [1, 'error'],
    [2, 'hosts-failed'],
    [4, 'hosts-unreachable'],
    [5, 'bad-options'],
    [99, 'interrupted'],
    [250, 'unexpected-error'],
    [3, 'unknown'],
  ] as const)('reads exit code %i as %s', (code, kind) => {
    expect(describeAnsibleExitCode(code).kind).toBe(kind);
  });
});

describe('parseJsonCallbackRecap', () => {
  const output = (stats: object, tasks: object[] = []) =>
    `Started by user admin\n+ ansible-playbook site.yml\n${JSON.stringify({ custom_stats: {}, global_custom_stats: {}, plays: [{ play: { name: 'p' }, tasks }], stats }, null, 4)}\nFinished: SUCCESS\n`;

  it('reads `failures` as the failed count', () => {
    const parsed = parseJsonCallbackRecap(output({ web1: { changed: 1, failures: 2, ignored: 0, ok: 4, rescued: 0, skipped: 1, unreachable: 0 } }));
    expect(parsed.ok && parsed.result.hosts[0]!.counts).toEqual({ ok: 4, changed: 1, unreachable: 0, failed: 2, skipped: 1, rescued: 0, ignored: 0 });
  });

  it('calls a recovered failure rescued when the host ignored nothing', () => {
    const task = { task: { name: 'remove workspace' }, hosts: { web1: { failed: true, msg: 'non-zero return code', stderr: 'busy\nmore', rc: 1 } } };
    const parsed = parseJsonCallbackRecap(output({ web1: { changed: 0, failures: 0, ignored: 0, ok: 2, rescued: 1, skipped: 0, unreachable: 0 } }, [task]));
    expect(parsed.ok && parsed.result.hosts[0]!.failures).toEqual([
      { host: 'web1', play: 'p', task: 'remove workspace', item: null, outcome: 'rescued', message: 'non-zero return code', stderr: 'busy', rc: 1 },
    ]);
  });

  it('says so when the log holds no JSON output, or a cut one', () => {
    expect(parseJsonCallbackRecap('PLAY [x] ***\n')).toMatchObject({ ok: false, error: { code: 'no-json-output' } });
    expect(parseJsonCallbackRecap('{\n    "plays": [\n}\n')).toMatchObject({ ok: false, error: { code: 'invalid-json-output' } });
  });
});
