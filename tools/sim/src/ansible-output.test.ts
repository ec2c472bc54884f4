import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlaybookRun, type InventoryHost } from './world/jenkins/ansible-run.ts';
import { ansibleJobPlan, type FleetHost } from './world/jenkins/housekeeping-jobs.ts';
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
  return ansiblePlaybook(['-i', `${host},`, join(dir, 'housekeeping.yml'), '--tags', 'always', '-e', 'ansible_python_interpreter=/usr/bin/python3', '-e', 'ansible_become=false', ...extra]);
}

/** ansible-playbook's stdout and stderr as one stream, as a Jenkins console shows them. */
async function ansiblePlaybook(args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', LC_ALL: 'C.UTF-8' };
  const quoted = [ANSIBLE, ...args].map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  try {
    return (await promisify(execFile)('/bin/sh', ['-c', `${quoted} 2>&1`], { env, timeout: 60_000 })).stdout;
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

/** What the job prints after its traced `+ ansible-playbook …` line, up to Jenkins's own step-failed line. */
function jobOutput(hosts: FleetHost[], limit: string): string {
  const plan = ansibleJobPlan({ request: { parameters: { LIMIT: limit }, startedAt: new Date(0), random: new Random('job'), jobName: 'housekeeping', number: 1, executor: undefined }, playbookFile: 'ansible/housekeeping.yml', playbook: housekeepingPlaybook(7), hosts, checkout: { workspace: '/w', repoUrl: 'https://example.com/infra.git', sha: 'abc', message: 'm' } });
  const lines = plan.lines.map((line) => line.text);
  const from = lines.findIndex((line) => line.startsWith('+ ansible-playbook')) + 1;
  return `${lines.slice(from).filter((line) => !line.startsWith('Build step')).join('\n')}\n`;
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

  it('is what ansible-playbook prints when the limit matches no host', async () => {
    const real = await ansiblePlaybook(['-i', '127.10.0.1,', join(dir, 'housekeeping.yml'), '--limit', '10.9.9.9']);
    expect(jobOutput([{ name: '127.10.0.1', facts: facts(42), groups: ['aws_ec2'], unreachable: undefined }], '10.9.9.9')).toBe(real);
  }, 90_000);

  it('is what ansible-playbook prints for an empty inventory', async () => {
    await writeFile(join(dir, 'empty.ini'), '[workers]\n');
    const real = await ansiblePlaybook(['-i', join(dir, 'empty.ini'), join(dir, 'housekeeping.yml')]);
    expect(jobOutput([], '')).toBe(real);
  }, 90_000);
});
