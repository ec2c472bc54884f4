import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../console-log/console-line.ts';
import { createRecapParser, parseRecap } from './recap-parser.ts';
import { parseJsonCallbackRecap } from './json-callback.ts';
import { describeAnsibleExitCode, summarizeAnsibleRun } from './run-summary.ts';
import type { AnsibleRunResult, HostRunResult } from './types.ts';

/** Debian's ansible-core 2.14, which CI installs; every host is this machine or a closed loopback port. */
const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
const hasAnsible = existsSync(ANSIBLE_PLAYBOOK);
if (!hasAnsible) console.warn(`real-ansible: skipped, ${ANSIBLE_PLAYBOOK} is missing (apt-get install ansible-core)`);

const WORKER = 'worker-1.example.internal';
const UNREACHABLE = 'i-0abc123def4567890';

const INVENTORY = `[local]
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3
${WORKER} ansible_connection=local ansible_python_interpreter=/usr/bin/python3

[dead]
${UNREACHABLE} ansible_host=127.0.0.1 ansible_port=9 ansible_connection=ssh ansible_ssh_timeout=2 ansible_ssh_common_args='-o ConnectTimeout=2'
`;

// Module runs (command, file, shell) cost the most on a busy machine: the other tasks use the
// fail and debug actions, which run in the controller.
const PLAYBOOK = `
- name: Housekeeping
  hosts: all
  gather_facts: false
  tasks:
    - name: Report disk usage
      command: df -h /
      changed_when: true
    - name: Ensure marker file
      file:
        path: "{{ marker_dir }}/{{ inventory_hostname }}.marker"
        state: touch
    - name: Skip on purpose
      debug: { msg: never }
      when: false
    - name: Check optional service
      fail: { msg: "optional-agent is not running" }
      ignore_errors: true
    - name: Check caches
      fail: { msg: "cache {{ item }} is corrupt" }
      when: item == 'bad'
      loop: [good, bad]
      ignore_errors: true
    - name: Clean workspaces
      block:
        - name: Remove stale workspace
          shell: echo "no such workspace" >&2; exit 3
      rescue:
        - name: Note cleanup failure
          debug: { msg: "cleanup failed, continuing" }
    - name: Check the runner from the controller
      fail: { msg: "runner check failed" }
      delegate_to: localhost
      ignore_errors: true
      when: inventory_hostname == '${WORKER}'
    - name: Check disks
      block:
        - name: Fail on the worker only
          fail:
            msg: "disk usage above threshold on {{ inventory_hostname }}"
          when: inventory_hostname == '${WORKER}'
      always:
        - name: Report disks
          debug: { msg: "disks checked" }
    - name: After the failure
      debug: { msg: "still here" }

- name: Report
  hosts: local
  gather_facts: false
  tasks:
    - name: Say done
      debug: { msg: done }
`;

interface AnsibleRun {
  exitCode: number;
  /** stdout and stderr as they arrived, as a Jenkins console merges them. */
  output: string;
}

let workDir = '';
let plain: AnsibleRun;
let coloured: AnsibleRun;
let json: AnsibleRun;
let yamlVerbose: AnsibleRun;
let broken: AnsibleRun;

async function runPlaybook(name: string, env: Record<string, string>, args: string[] = [], playbook = 'playbook.yml'): Promise<AnsibleRun> {
  const home = path.join(workDir, name);
  await mkdir(path.join(home, 'tmp'), { recursive: true });
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('ANSIBLE_')));
  const child = spawn(ANSIBLE_PLAYBOOK, ['-i', 'inventory.ini', playbook, '-e', `marker_dir=${home}`, ...args], {
    cwd: workDir,
    env: {
      ...inherited,
      HOME: home,
      ANSIBLE_LOCAL_TEMP: path.join(home, 'tmp'),
      ANSIBLE_REMOTE_TEMP: path.join(home, 'tmp'),
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ANSIBLE_NOCOWS: '1',
      ...env,
    },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
  return { exitCode, output };
}

beforeAll(async () => {
  if (!hasAnsible) return;
  workDir = await mkdtemp(path.join(tmpdir(), 'fleet-ansible-recap-'));
  await writeFile(path.join(workDir, 'inventory.ini'), INVENTORY);
  await writeFile(path.join(workDir, 'playbook.yml'), PLAYBOOK);
  await writeFile(path.join(workDir, 'broken.yml'), PLAYBOOK.replace('  gather_facts: false', '  gather_facts: false\n   oops: [unclosed'));
  [plain, coloured, json, yamlVerbose, broken] = await Promise.all([
    runPlaybook('plain', { ANSIBLE_NOCOLOR: '1' }),
    // Coloured, with results pretty-printed over several lines.
    runPlaybook('coloured', { ANSIBLE_FORCE_COLOR: '1', ANSIBLE_CALLBACK_RESULT_FORMAT: 'json', ANSIBLE_CALLBACK_FORMAT_PRETTY: '1' }),
    runPlaybook('json', { ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' }),
    // Results as YAML, among -vvv's connection chatter.
    runPlaybook('yaml', { ANSIBLE_CALLBACK_RESULT_FORMAT: 'yaml', ANSIBLE_NOCOLOR: '1' }, ['-vvv']),
    runPlaybook('broken', { ANSIBLE_NOCOLOR: '1' }, [], 'broken.yml'),
  ]);
}, 90_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function jsonResult(): AnsibleRunResult {
  const parsed = parseJsonCallbackRecap(json.output);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.result;
}

function host(result: AnsibleRunResult, name: string): HostRunResult {
  const found = result.hosts.find((candidate) => candidate.host === name);
  if (!found) throw new Error(`no ${name} in ${result.hosts.map((h) => h.host).join(', ')}`);
  return found;
}

function countsByHost(result: AnsibleRunResult) {
  return Object.fromEntries(result.hosts.map((h) => [h.host, h.counts]));
}

/** The log as Jenkins' timestamper shows it, fed in small uneven chunks as a progressive log arrives. */
function streamedWithTimestamps(output: string): AnsibleRunResult {
  const stamped = output
    .split('\n')
    .map((line, index) => (index % 2 === 0 ? `[2026-12-07T02:40:${String(index % 60).padStart(2, '0')}.123Z] ${line}` : `02:40:00  ${line}`))
    .join('\n');
  const parser = createRecapParser();
  for (let offset = 0, size = 1; offset < stamped.length; offset += size, size = (size * 7 + 3) % 97 || 1) {
    parser.push(stamped.slice(offset, offset + size));
  }
  return parser.end();
}

describe.skipIf(!hasAnsible)('the recap of a real ansible-playbook run', () => {
  it('exits 4 when one host is unreachable and another failed, as the recap predicts', () => {
    for (const run of [plain, coloured, json, yamlVerbose]) expect(run.exitCode).toBe(4);
    const summary = summarizeAnsibleRun(parseRecap(plain.output));
    expect(summary.expectedExitCode).toBe(plain.exitCode);
    expect(describeAnsibleExitCode(plain.exitCode, parseRecap(plain.output)).kind).toBe('hosts-unreachable');
    expect(summary).toMatchObject({ hostsTotal: 3, hostsChanged: 2, hostsFailed: 1, hostsUnreachable: 1 });
  });

  it('reads the same per-host counts from the default callback as the JSON callback reports', () => {
    const fromJson = countsByHost(jsonResult());
    expect(Object.keys(fromJson).sort()).toEqual(['i-0abc123def4567890', 'localhost', WORKER]);
    expect(countsByHost(parseRecap(plain.output))).toEqual(fromJson);
    expect(host(jsonResult(), WORKER).counts).toMatchObject({ failed: 1, rescued: 1, ignored: 3 });
  });

  it('reads coloured output with results pretty-printed over several lines the same as plain output', () => {
    expect(coloured.output).toContain('\u001b[');
    expect(stripAnsi(coloured.output)).toMatch(/FAILED! => \{\n {4}"/);
    expect(parseRecap(coloured.output)).toEqual(parseRecap(plain.output));
  });

  it('reads a log streamed in uneven chunks with timestamper prefixes the same as the whole log', () => {
    expect(streamedWithTimestamps(coloured.output)).toEqual(parseRecap(coloured.output));
  });

  it('attributes each failure to its play and task and tells failed, ignored, rescued and unreachable apart', () => {
    const result = parseRecap(plain.output);
    const outcomes = (name: string) => host(result, name).failures.map((f) => `${f.play} / ${f.task}${f.item ? ` (${f.item})` : ''}: ${f.outcome}`);
    expect(outcomes(WORKER)).toEqual([
      'Housekeeping / Check optional service: ignored',
      'Housekeeping / Check caches (bad): ignored',
      'Housekeeping / Remove stale workspace: rescued',
      'Housekeeping / Check the runner from the controller: ignored',
      'Housekeeping / Fail on the worker only: failed',
    ]);
    expect(outcomes('localhost')).toEqual([
      'Housekeeping / Check optional service: ignored',
      'Housekeeping / Check caches (bad): ignored',
      'Housekeeping / Remove stale workspace: rescued',
    ]);
    expect(outcomes(UNREACHABLE)).toEqual(['Housekeeping / Report disk usage: unreachable']);
  });

  it('keeps the message of each failure, with the first stderr line when msg alone says little', () => {
    const result = parseRecap(plain.output);
    const failureOf = (task: string) => host(result, WORKER).failures.find((f) => f.task === task);
    const rescued = failureOf('Remove stale workspace');
    const failed = failureOf('Fail on the worker only');
    expect(failed).toMatchObject({ message: `disk usage above threshold on ${WORKER}`, stderr: null });
    expect(rescued).toMatchObject({ message: 'non-zero return code', stderr: 'no such workspace', rc: 3 });
    expect(host(result, UNREACHABLE).failures[0]!.message).toMatch(/^Failed to connect to the host via ssh: .*port 9: Connection refused/);
  });

  it('reads results printed as YAML (result_format = yaml) among -vvv chatter like plain output', () => {
    expect(yamlVerbose.output).toMatch(/FAILED! => \n {4}changed:/);
    expect(yamlVerbose.output).toContain('ESTABLISH LOCAL CONNECTION');
    expect(parseRecap(yamlVerbose.output)).toEqual(parseRecap(plain.output));
  });

  it('lists failed tasks from the JSON callback, recovered ones left undecided where ignored and rescued both happened', () => {
    const result = jsonResult();
    expect(host(result, WORKER).failures.map((f) => `${f.task}: ${f.outcome}: ${f.message}`)).toEqual([
      'Check optional service: recovered: optional-agent is not running',
      'Check caches: recovered: One or more items failed',
      'Remove stale workspace: recovered: non-zero return code',
      'Check the runner from the controller: recovered: runner check failed',
      `Fail on the worker only: failed: disk usage above threshold on ${WORKER}`,
    ]);
    expect(host(result, UNREACHABLE).failures.map((f) => f.outcome)).toEqual(['unreachable']);
  });

  it('shows a failed host that ran its always section as rescued until the recap says it failed', () => {
    const beforeRecap = plain.output.slice(0, plain.output.indexOf('PLAY RECAP'));
    const parser = createRecapParser();
    parser.push(beforeRecap);
    const outcomeOf = (result: AnsibleRunResult) => host(result, WORKER).failures.find((f) => f.task === 'Fail on the worker only')?.outcome;
    expect(parser.snapshot().recapSeen).toBe(false);
    expect(outcomeOf(parser.snapshot())).toBe('rescued');
    parser.push(plain.output.slice(beforeRecap.length));
    expect(outcomeOf(parser.end())).toBe('failed');
  });

  it('tells a playbook that could not run from unreachable hosts, though both exit 4', () => {
    const result = parseRecap(broken.output);
    expect(broken.exitCode).toBe(4);
    expect(result).toMatchObject({ recapSeen: false, hosts: [] });
    expect(result.errors[0]).toMatch(/^ERROR! /);
    expect(describeAnsibleExitCode(broken.exitCode, result).kind).toBe('playbook-invalid');
    expect(summarizeAnsibleRun(result).headline).toMatch(/^did not run: ERROR! /);
  });
});
