import type { AnsibleRunResult } from './types.ts';

/** A housekeeping run at one glance, from its recap. */
export interface AnsibleRunSummary {
  hostsTotal: number;
  hostsChanged: number;
  hostsFailed: number;
  hostsUnreachable: number;
  /** e.g. "no changes on 12 hosts", "changes on 3 of 12 hosts", "1 failed, 2 unreachable of 12 hosts; changes on 3". */
  headline: string;
  /** The exit code ansible-playbook gives for this recap; null before the recap. */
  expectedExitCode: 0 | 2 | 4 | null;
}

export function summarizeAnsibleRun(result: AnsibleRunResult): AnsibleRunSummary {
  const counted = result.hosts.flatMap((host) => (host.counts ? [host.counts] : []));
  const hostsTotal = counted.length;
  const hostsChanged = counted.filter((counts) => counts.changed > 0).length;
  const hostsFailed = counted.filter((counts) => counts.failed > 0).length;
  const hostsUnreachable = counted.filter((counts) => counts.unreachable > 0).length;
  const expectedExitCode = !result.recapSeen ? null : hostsUnreachable > 0 ? 4 : hostsFailed > 0 ? 2 : 0;
  return { hostsTotal, hostsChanged, hostsFailed, hostsUnreachable, headline: headline(), expectedExitCode };

  function headline(): string {
    if (!result.recapSeen) return result.errors[0] ? `did not run: ${result.errors[0]}` : 'no recap yet: the run has not finished';
    if (hostsTotal === 0) return 'no hosts matched';
    const hosts = `${hostsTotal} ${hostsTotal === 1 ? 'host' : 'hosts'}`;
    const problems = [hostsFailed > 0 ? `${hostsFailed} failed` : '', hostsUnreachable > 0 ? `${hostsUnreachable} unreachable` : ''].filter(Boolean);
    if (problems.length === 0) return hostsChanged === 0 ? `no changes on ${hosts}` : `changes on ${hostsChanged} of ${hosts}`;
    return `${problems.join(', ')} of ${hosts}; ${hostsChanged === 0 ? 'no changes' : `changes on ${hostsChanged}`}`;
  }
}

export type AnsibleExitKind =
  | 'ok'
  | 'error'
  | 'hosts-failed'
  | 'hosts-unreachable'
  | 'playbook-invalid'
  | 'bad-options'
  | 'interrupted'
  | 'unexpected-error'
  | 'unknown';

export interface AnsibleExitMeaning {
  code: number;
  kind: AnsibleExitKind;
  sentence: string;
}

/**
 * What ansible-playbook's exit code means (ansible-core 2.14: lib/ansible/cli/__init__.py and
 * executor/task_queue_manager.py). Unreachable hosts win over failed ones (4 over 2). A playbook
 * that cannot be parsed also exits 4; with the run's output at hand, a 4 without a recap and
 * with an `ERROR!` line is told apart as such.
 */
export function describeAnsibleExitCode(code: number, result?: AnsibleRunResult): AnsibleExitMeaning {
  const meaning = (kind: AnsibleExitKind, sentence: string) => ({ code, kind, sentence });
  switch (code) {
    case 0:
      return meaning('ok', 'Every host ran every task without failing.');
    case 1:
      return meaning('error', 'Ansible stopped with an error before or while running the play; see the ERROR! line in the log.');
    case 2:
      return meaning('hosts-failed', 'One or more hosts failed a task; the recap lists them.');
    case 4:
      if (result && !result.recapSeen && result.errors.length > 0) {
        return meaning('playbook-invalid', 'The playbook or inventory could not be parsed, so nothing ran; see the ERROR! line.');
      }
      return meaning('hosts-unreachable', 'One or more hosts could not be reached (this wins over failed hosts); check SSH access to them.');
    case 5:
    case 6:
      return meaning('bad-options', 'ansible-playbook was called with options or arguments it does not accept; check the job\'s command line.');
    case 99:
      return meaning('interrupted', 'The run was interrupted (the job was aborted).');
    case 250:
    case 255:
      return meaning('unexpected-error', 'Ansible crashed with an unexpected exception; rerun with -vvv for the traceback.');
    default:
      return meaning('unknown', `ansible-playbook does not document exit code ${code}.`);
  }
}
