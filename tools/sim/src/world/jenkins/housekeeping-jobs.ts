import { type InstanceRecord } from '../fleet/instances.ts';
import { Random } from '../random.ts';
import { type World } from '../world.ts';
import { banner } from './ansible-output.ts';
import { type InventoryHost, type Playbook, writePlaybookRun } from './ansible-run.ts';
import { caCertsPlaybook, housekeepingPlaybook, type NodeFacts } from './housekeeping-playbooks.ts';
import { byAddress, housekeepingHostName, inventoryGroups, limitHosts } from './inventory.ts';
import { type BuildPlan, type JobSpec, type RunRequest, type StringParameter } from './job.ts';
import { type Checkout, gitCheckoutLines, PlanWriter, SHELL_STEP_FAILED, shellStepLine, traced } from './plan-writer.ts';

/** The nightly disk cleanup of every worker (ansible/housekeeping.yml). */
export const HOUSEKEEPING_JOB = 'jenkins-worker-housekeeping';
/** The internal CA bundle on every worker (ansible/update-ca-certs.yml). */
export const CA_CERTS_JOB = 'jenkins-worker-update-certs';

export type FleetHost = InventoryHost<NodeFacts> & { groups: string[] };

const GIB = 1024 ** 3;

export const ANSIBLE_PARAMETERS: StringParameter[] = [
  { name: 'LIMIT', defaultValue: '', description: 'ansible-playbook --limit: a host (its private IP), a group (worker_<worker type>) or a pattern; empty for every worker' },
  { name: 'TAGS', defaultValue: '', description: 'ansible-playbook --tags, comma-separated; empty for every task' },
  { name: 'PORTAL_ACTION_ID', defaultValue: '', description: 'Set by the fleet portal to find the build its action started' },
];

/**
 * What housekeeping remembers of each node between runs: how full its disk was when last cleaned
 * (what grew since is what the next run can remove), and which nodes already trust the new CA bundle.
 */
export class HousekeepingState {
  private readonly floors = new Map<string, number>();
  private readonly trusted = new Map<string, boolean>();
  private readonly shares = new Map<string, number>();

  constructor(
    private readonly seed: string | number,
    /** When the internal CA was rotated: AMIs baked before it carry the old bundle. */
    public caRotatedAt: Date,
    /** When the AMI an instance runs was baked. */
    private readonly bakedAt: (instanceId: string) => Date | undefined,
  ) {}

  /** The share of what grew since the last cleanup that is old workspaces, images and /tmp files. */
  removableShare(instanceId: string): number {
    return this.shares.get(instanceId) ?? 0.55 + new Random(`${this.seed}/removable/${instanceId}`).next() * 0.3;
  }

  /** A node whose disk fills with what housekeeping cannot remove (a stuck build's workspace). */
  setRemovableShare(instanceId: string, share: number): void {
    this.shares.set(instanceId, share);
  }

  /** Bytes in use right after the last cleanup, or what a fresh worker's image and tools take. */
  floor(instanceId: string, sizeBytes: number): number {
    return this.floors.get(instanceId) ?? Math.round(sizeBytes * 0.18);
  }

  cleaned(instanceId: string, usedBytes: number): void {
    this.floors.set(instanceId, usedBytes);
  }

  /** A node has the new bundle once a run installed it, or from birth when its AMI was baked after the rotation. */
  trustsNewCa(instanceId: string): boolean {
    return this.trusted.get(instanceId) ?? (this.bakedAt(instanceId) ?? new Date(0)) >= this.caRotatedAt;
  }

  /** Whether the node has the new CA bundle; `false` for one that missed the rollout. */
  setTrustsNewCa(instanceId: string, trusts = true): void {
    this.trusted.set(instanceId, trusts);
  }
}

export function housekeepingJobSpec(world: World, state: HousekeepingState): JobSpec {
  return ansibleJobSpec(HOUSEKEEPING_JOB, 'Nightly disk cleanup of every Jenkins worker: old workspaces, unused container images, /tmp', 'ansible/housekeeping.yml', () => housekeepingPlaybook(world.infraSettings.retentionDays), world, state);
}

export function caCertsJobSpec(world: World, state: HousekeepingState): JobSpec {
  return ansibleJobSpec(CA_CERTS_JOB, 'Installs the internal CA bundle on every Jenkins worker and rebuilds its trust store', 'ansible/update-ca-certs.yml', caCertsPlaybook, world, state);
}

function ansibleJobSpec(name: string, description: string, playbookFile: string, playbook: () => Playbook<NodeFacts>, world: World, state: HousekeepingState): JobSpec {
  return {
    name,
    description,
    parameters: ANSIBLE_PARAMETERS,
    concurrent: false,
    keepBuilds: 25,
    plan: (request) => ansibleJobPlan({ request, playbookFile, playbook: playbook(), hosts: liveInventory(world, state), checkout: headCheckout(world, name) }),
  };
}

export interface AnsibleJobRun {
  request: RunRequest;
  playbookFile: string;
  playbook: Playbook<NodeFacts>;
  hosts: FleetHost[];
  checkout: Checkout;
}

/** The job's shell step: `ansible-playbook -i ansible/hosts/aws_ec2.yaml <playbook> [--limit …] [--tags …]`, traced by `sh -x`. */
export function ansibleJobPlan(run: AnsibleJobRun): BuildPlan {
  const { request } = run;
  const { random } = request;
  const limit = request.parameters.LIMIT?.trim() ?? '';
  const tags = request.parameters.TAGS?.trim() ?? '';
  const writer = new PlanWriter(0.4).say(...gitCheckoutLines(run.checkout)).wait(1.5 + random.next() * 2);
  const command = ['ansible-playbook', '-i', 'ansible/hosts/aws_ec2.yaml', run.playbookFile, ...(limit ? ['--limit', limit] : []), ...(tags ? ['--tags', tags] : [])];
  writer.say(shellStepLine(request.jobName, random), traced(...command)).wait(3 + random.next() * 3);
  const { hosts, unmatched } = limitHosts(run.hosts, limit);
  // An empty inventory is no error to ansible-playbook: it warns, skips the play and exits 0.
  if (run.hosts.length === 0) writer.say('[WARNING]: provided hosts list is empty, only localhost is available. Note that', "the implicit localhost does not match 'all'");
  for (const pattern of unmatched) writer.say(`[WARNING]: Could not match supplied host pattern, ignoring: ${pattern}`);
  if (run.hosts.length === 0) return writer.say(...banner(`PLAY [${run.playbook.name}]`), 'skipping: no hosts matched', ...banner('PLAY RECAP'), '').wait(0.3).plan('SUCCESS');
  if (hosts.length === 0) {
    writer.say('ERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.', SHELL_STEP_FAILED);
    return writer.wait(0.3).plan('FAILURE');
  }
  const status = writePlaybookRun(writer, run.playbook, hosts, { tags: tags ? tags.split(',').map((tag) => tag.trim()) : undefined, random });
  if (status !== 0) writer.say(SHELL_STEP_FAILED);
  return writer.wait(0.3).plan(status === 0 ? 'SUCCESS' : 'FAILURE');
}

export function infraRepoUrl(world: World): string {
  const base = world.config.infraRepo.commitUrlTemplate.split('/-/')[0] ?? '';
  return /^https?:\/\//.test(base) ? `${base}.git` : 'https://gitlab.example.com/app-sre/infra.git';
}

function headCheckout(world: World, jobName: string): Checkout {
  const head = world.head();
  return { workspace: `/var/lib/jenkins/workspace/${jobName}`, repoUrl: infraRepoUrl(world), sha: head.sha, message: head.message };
}

/** The aws_ec2 inventory now: running instances tagged pool=jenkins_worker, with what each node's state makes of the run. */
function liveInventory(world: World, state: HousekeepingState): FleetHost[] {
  return world.fleet.instances
    .all()
    .filter((instance) => instance.state === 'running' && instance.tags.get('pool') === 'jenkins_worker')
    .map((instance) => liveHost(world, state, instance))
    .sort((a, b) => byAddress(a.name, b.name));
}

function liveHost(world: World, state: HousekeepingState, instance: InstanceRecord): FleetHost {
  const node = world.nodes.require(instance.instanceId);
  const { disk } = node;
  const id = instance.instanceId;
  const usedBytes = disk.sizeBytes - disk.availBytes;
  const removable = Math.max(0, usedBytes - state.floor(id, disk.sizeBytes)) * state.removableShare(id);
  const name = housekeepingHostName(instance);
  const workerType = instance.tags.get(world.config.tags.workerType);
  const facts: NodeFacts = {
    instanceId: id,
    sizeBytes: disk.sizeBytes,
    usedBytes,
    workspaceBytes: Math.round(removable * 0.55),
    imageBytes: Math.round(removable * 0.38),
    tmpBytes: Math.round(removable * 0.07),
    freed: 0,
    caBundleOutdated: !state.trustsNewCa(id),
    effects: {
      free: (bytes) => () => {
        const now = world.nodes.get(id)?.disk;
        if (!now) return;
        const availBytes = Math.min(now.sizeBytes, now.availBytes + bytes);
        world.nodes.set(id, { disk: { availBytes } });
        state.cleaned(id, now.sizeBytes - availBytes);
      },
      trustNewCaBundle: () => () => state.setTrustsNewCa(id),
    },
  };
  return { name, facts, groups: inventoryGroups(workerType), unreachable: unreachable(world, instance, node, name) };
}

/** Why ansible cannot get in: no answer on port 22, or no room left to make its temporary directory. */
function unreachable(world: World, instance: InstanceRecord, node: ReturnType<World['nodes']['require']>, host: string): FleetHost['unreachable'] {
  const impaired = node.statusChecks.instance === 'impaired' || node.statusChecks.system === 'impaired';
  if (instance.state !== 'running' || impaired || node.agent.connection === 'disconnected') {
    return { msg: `Failed to connect to the host via ssh: ssh: connect to host ${host} port 22: Connection timed out`, seconds: 10 };
  }
  if (node.disk.availBytes < 1024 * 1024 || node.disk.filesFree < 16) {
    const type = world.config.workerTypes.find((candidate) => candidate.key === instance.tags.get(world.config.tags.workerType));
    return { msg: noSpaceMessage(type?.baseOs.startsWith('centos') ? 'centos' : 'ec2-user', world.clock(), new Random(instance.instanceId)), seconds: 1.2 };
  }
  return undefined;
}

/** ActionBase._make_tmp_path passes mkdir's stderr through when it says the disk is full. */
export function noSpaceMessage(user: string, at: Date, random: Random): string {
  const stamp = `${(at.getTime() / 1000).toFixed(7)}-${random.int(1000, 40000)}-${random.int(10 ** 13, 2 ** 48)}`;
  return `mkdir: cannot create directory ‘/home/${user}/.ansible/tmp/ansible-tmp-${stamp}’: No space left on device\n`;
}

/** A plausible node of the past for a replayed run: roughly half full, with a few GiB to clean. */
export function pastFacts(instanceId: string, sizeBytes: number, random: Random, stuck: boolean): NodeFacts {
  const usedBytes = Math.round(sizeBytes * (stuck ? 0.95 + random.next() * 0.03 : 0.3 + random.next() * 0.4));
  const removable = stuck ? 0.2 * GIB : random.chance(0.15) ? 0 : random.int(1, 14) * GIB;
  return { instanceId, sizeBytes, usedBytes, workspaceBytes: Math.round(removable * 0.55), imageBytes: Math.round(removable * 0.38), tmpBytes: Math.round(removable * 0.07), freed: 0, caBundleOutdated: false, effects: undefined };
}
