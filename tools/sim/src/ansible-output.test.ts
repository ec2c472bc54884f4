import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlaybookRun, type InventoryHost } from './world/jenkins/ansible-run.ts';
import { housekeepingPlaybook, type NodeFacts } from './world/jenkins/housekeeping-playbooks.ts';
import { PlanWriter } from './world/jenkins/plan-writer.ts';
import { initialInfraState, renderInfraTree } from './world/infra-tree.ts';
import { Random } from './world/random.ts';
import { demoConfig } from './test-fixture.ts';

/*
 * The housekeeping job prints what ansible-playbook would. Here the real ansible-core (Debian's
 * /usr/bin/ansible-playbook, 2.14) runs the infra repo's housekeeping playbook on this machine
 * (ansible_connection=local, the disk check's input pinned with -e) and its whole output must equal
 * what the simulator writes for the same host and outcome: banners, result lines, the JSON of a
 * failure, the recap's padding and trailing spaces.
 */
const ANSIBLE = '/usr/bin/ansible-playbook';
const available = existsSync(ANSIBLE);
if (!available) console.warn(`SKIPPED: ${ANSIBLE} is not installed (apt-get install ansible-core); the simulated Ansible output is not checked against the real one`);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleet-ansible-'));
  const config = demoConfig();
  await writeFile(join(dir, 'housekeeping.yml'), renderInfraTree(config, initialInfraState(config)).get('ansible/housekeeping.yml') ?? '');
  await writeFile(join(dir, 'ansible.cfg'), '[defaults]\nretry_files_enabled = False\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function realRun(host: string, extra: string[]): Promise<string> {
  const args = ['-i', `${host},`, join(dir, 'housekeeping.yml'), '--tags', 'always', '-e', 'ansible_python_interpreter=/usr/bin/python3', '-e', 'ansible_become=false', ...extra];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', LC_ALL: 'C.UTF-8' };
  try {
    return (await promisify(execFile)(ANSIBLE, args, { env, timeout: 60_000 })).stdout;
  } catch (error) {
    // A failed or unreachable host makes ansible-playbook exit 2 or 4; its output is what we compare.
    const { stdout } = error as { stdout?: string };
    if (stdout === undefined) throw error;
    return stdout;
  }
}

function simulated(host: InventoryHost<NodeFacts>): string {
  const writer = new PlanWriter();
  writePlaybookRun(writer, housekeepingPlaybook(initialInfraState(demoConfig()).retentionDays), [host], { tags: ['always'], random: new Random('ansible-output') });
  return `${writer.lines.map((line) => line.text).join('\n')}\n`;
}

const facts = (usedPercent: number): NodeFacts => ({ instanceId: 'i-0123456789abcdef0', sizeBytes: 100, usedBytes: usedPercent, workspaceBytes: 0, imageBytes: 0, tmpBytes: 0, freed: 0, caBundleOutdated: false, effects: undefined });

describe.skipIf(!available)('the Ansible output the housekeeping jobs print', () => {
  it('is what ansible-playbook prints for a host whose disk has room', async () => {
    const real = await realRun('127.10.0.1', ['-e', 'ansible_connection=local', '-e', 'root_used_percent=42']);
    expect(simulated({ name: '127.10.0.1', facts: facts(42), unreachable: undefined })).toBe(real);
  }, 90_000);

  it('is what ansible-playbook prints for a host whose disk is still too full, the failed assertion included', async () => {
    const real = await realRun('127.10.0.22', ['-e', 'ansible_connection=local', '-e', 'root_used_percent=95']);
    expect(real).toContain('fatal: [127.10.0.22]: FAILED!');
    expect(simulated({ name: '127.10.0.22', facts: facts(95), unreachable: undefined })).toBe(real);
  }, 90_000);

  it('is what ansible-playbook prints for a host it cannot reach', async () => {
    const real = await realRun('127.10.0.3', ['-e', 'ansible_connection=ssh', '-e', 'ansible_port=1', '-e', 'ansible_ssh_common_args="-o ConnectTimeout=5"']);
    const msg = /"msg": "(Failed to connect to the host via ssh: [^"]+)"/.exec(real)?.[1] ?? 'no UNREACHABLE line';
    expect(simulated({ name: '127.10.0.3', facts: facts(42), unreachable: { msg, seconds: 1 } })).toBe(real);
  }, 90_000);
});
