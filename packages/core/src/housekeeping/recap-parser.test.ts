import { describe, expect, it } from 'vitest';
import { createRecapParser, parseRecap } from './recap-parser.ts';

/** Lines in the default callback's format that the real runs in real-ansible.test.ts do not produce. */
describe('parseRecap', () => {
  it('reads recap lines of any host name, with or without padding, and the four counts of older Ansible', () => {
    const result = parseRecap(
      [
        'PLAY RECAP *********************************************************************',
        '10.0.3.17                  : ok=12   changed=0    unreachable=0    failed=0    skipped=3    rescued=0    ignored=0   ',
        'ci-int-jenkins-worker-rhel8-builder-01.ci.example.internal : ok=4 changed=1 unreachable=0 failed=1 skipped=0 rescued=0 ignored=1',
        'i-0f3c2b1a09d8e7f65        : ok=0    changed=0    unreachable=1    failed=0',
        '',
      ].join('\n'),
    );
    expect(result.hosts.map((h) => [h.host, h.counts])).toEqual([
      ['10.0.3.17', { ok: 12, changed: 0, unreachable: 0, failed: 0, skipped: 3, rescued: 0, ignored: 0 }],
      ['ci-int-jenkins-worker-rhel8-builder-01.ci.example.internal', { ok: 4, changed: 1, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 1 }],
      ['i-0f3c2b1a09d8e7f65', { ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 0, rescued: 0, ignored: 0 }],
    ]);
  });

  it('reads counts only inside the recap, not from a line that merely looks like one', () => {
    const result = parseRecap('+ cat last-run.txt\nweb1 : ok=1 changed=0 unreachable=0 failed=0\n');
    expect(result).toMatchObject({ recapSeen: false, hosts: [] });
  });

  it('adds up the recaps of several playbooks run by one job', () => {
    const recap = (ok: number) => `PLAY RECAP ***\nweb1 : ok=${ok} changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n`;
    expect(parseRecap(recap(3) + '+ ansible-playbook second.yml\n' + recap(4)).hosts[0]!.counts).toMatchObject({ ok: 7, changed: 2 });
  });

  it('follows tasks through cowsay banners', () => {
    const result = parseRecap(
      [' ________________________', '< TASK [Gathering Facts] >', ' ------------------------', '        \\   ^__^', 'fatal: [default]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect", "unreachable": true}'].join('\n'),
    );
    expect(result.hosts[0]!.failures[0]).toMatchObject({ task: 'Gathering Facts', outcome: 'unreachable', message: 'Failed to connect' });
  });

  it('strips Jenkins console notes along with colours', () => {
    const note = '\u001b[8mha:////4AAAAFh+LCAAAAAAAAP9b\u001b[0m';
    const result = parseRecap(`${note}TASK [restart agent] ***\n\u001b[0;31mfatal: [web1]: FAILED! => {"msg": "agent did not start"}\u001b[0m\n`);
    expect(result.hosts[0]!.failures[0]).toMatchObject({ task: 'restart agent', message: 'agent did not start', outcome: 'failed' });
  });

  it('still finds the message of a result too long to keep whole', () => {
    const huge = `fatal: [web1]: FAILED! => {"changed": false, "msg": "package install failed", "rc": 1, "stdout": "${'y'.repeat(5000)}"}`;
    const result = parseRecap(`TASK [install] ***\n${huge}\n`, { maxLineLength: 1000 });
    expect(result.hosts[0]!.failures[0]).toMatchObject({ message: 'package install failed', rc: 1 });
  });

  it('keeps the first lines of a long message, bounded', () => {
    const msg = ['first line', '', 'second line', 'third line', 'fourth line'].join('\\n') + 'x'.repeat(2000);
    const [failure] = parseRecap(`TASK [t] ***\nfatal: [web1]: FAILED! => {"msg": "${msg}"}\n`).hosts[0]!.failures;
    expect(failure!.message.startsWith('first line\nsecond line\nthird line')).toBe(true);
    expect(failure!.message.length).toBeLessThanOrEqual(500);
  });

  it('keeps only the configured number of hosts and counts the others', () => {
    const lines = Array.from({ length: 5 }, (_, i) => `ok: [web${i}]`).join('\n');
    const result = parseRecap(`TASK [t] ***\n${lines}\n`, { maxHosts: 3 });
    expect(result.hosts).toHaveLength(3);
    expect(result.omittedHosts).toBe(2);
  });

  it('answers snapshots while a result is still arriving over several lines', () => {
    const parser = createRecapParser();
    parser.push('TASK [t] ***\nfatal: [web1]: FAILED! => {\n    "changed": false,\n    "msg": "half');
    expect(parser.snapshot().hosts[0]!.failures[0]!.message).toBe('no message');
    parser.push(' there"\n');
    expect(parser.snapshot().hosts[0]!.failures[0]!.message).toBe('half there');
    parser.push('}\n...ignoring\n');
    expect(parser.end().hosts[0]!.failures[0]).toMatchObject({ message: 'half there', outcome: 'ignored' });
  });
});
