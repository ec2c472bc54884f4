import { type InstanceRecord } from '../fleet/instances.ts';
import { blocks } from '../nodes/node-record.ts';
import { Random } from '../random.ts';
import { bakeTags } from '../packer-template.ts';
import { type World } from '../world.ts';
import { BAKE_JOB, commitOf, startScript, writeFullBake, writeRetag } from './bake-job.ts';
import { type Cause } from './causes.ts';
import { type JenkinsScenario, type PastRun } from './controller.ts';
import { ansibleJobPlan, CA_CERTS_JOB, type FleetHost, HOUSEKEEPING_JOB, infraRepoUrl, pastFacts } from './housekeeping-jobs.ts';
import { caCertsPlaybook, housekeepingPlaybook } from './housekeeping-playbooks.ts';
import { byAddress, housekeepingHostName, inventoryGroups, limitHosts } from './inventory.ts';
import { PlanWriter } from './plan-writer.ts';
import { DEFAULT_FAILING_TASK, DEFAULT_FAILURE_MESSAGE } from './worker-playbook.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GIB = 1024 ** 3;
const NIGHTS = 21;
const USERS = ['asouza', 'bkelly', 'cwei', 'dnair', 'elindqvist'];

export interface JenkinsSeed {
  world: World;
  random: Random;
  historyEnd: Date;
  /** The node the node scenario fills to 96 %: its housekeeping has been failing. */
  diskAlmostFull: string | undefined;
}

/**
 * The controller's history from the world's: a bake job build for every packer build and re-tag of
 * the infra repo's history, three weeks of nightly housekeeping (the last three nights failing on
 * one node) and the CA bundle rollout, replayed in time order so numbers and queue ids agree.
 */
export function seedJenkins(seed: JenkinsSeed): JenkinsScenario {
  const { world, random, historyEnd } = seed;
  world.jenkins.housekeeping.caRotatedAt = new Date(historyEnd.getTime() - 9 * DAY);
  const failing = failingNode(world, seed.diskAlmostFull, historyEnd);
  const rollout = certRuns(world, historyEnd);
  const runs: (PastRun & { nightlyFailure?: boolean })[] = [...bakeRuns(world, random), ...nightlyRuns(world, random, historyEnd, failing), ...rollout.runs];
  runs.sort((a, b) => a.startedAt - b.startedAt);
  const failedFor: number[] = [];
  for (const run of runs) {
    const build = world.jenkins.replay(run);
    if (run.nightlyFailure) failedFor.push(build.number);
  }
  settleHousekeepingState(world, random, failing, rollout);
  return { housekeepingFailingNode: failing ? { instanceId: failing.instanceId, host: housekeepingHostName(failing), builds: failedFor } : undefined };
}

function bakeRuns(world: World, random: Random): PastRun[] {
  const types = world.config.workerTypes;
  let last: string | undefined;
  return world.commits.flatMap((commit): PastRun[] => {
    const build = world.builds.find((candidate) => candidate.commit === commit.sha);
    const retag = world.retags.find((candidate) => candidate.commit === commit.sha);
    const previous = commitOf(world, last);
    const cause = pastCause(random);
    const parameters: Record<string, string> = cause.kind === 'scm' || cause.kind === 'timer' ? {} : { INFRA_COMMIT: random.chance(0.5) ? commit.sha : commit.sha.slice(0, 12) };
    const writer = new PlanWriter(0.4);
    const runRandom = new Random(`${commit.sha}/bake`);
    startScript(world, writer, commit, runRandom);
    if (build) {
      last = commit.sha;
      const sources = types.map((type) => {
        const image = world.images.get(build.images[type.key] ?? '');
        return {
          type,
          amiName: image?.name ?? `jenkins-worker-${type.key}`,
          imageId: image?.imageId ?? `ami-0${runRandom.hex(16)}`,
          snapshotId: image?.blockDevices[0]?.snapshotId ?? `snap-0${runRandom.hex(16)}`,
          tags: bakeTags(world.config, type, commit.sha, build.buildId),
          failure: build.failed.includes(type.key) ? { task: DEFAULT_FAILING_TASK, message: DEFAULT_FAILURE_MESSAGE } : undefined,
        };
      });
      const plan = writeFullBake(world, writer, { commit, last: previous, sources, random: runRandom });
      const startedAt = Math.max(commit.date.getTime() + random.int(2, 6) * MINUTE, build.finishedAt.getTime() - plan.seconds * 1000 * 0.8);
      return [{ jobName: BAKE_JOB, startedAt, causes: [cause], parameters, executor: agentAt(world, startedAt, runRandom), plan }];
    }
    if (!retag) return [];
    const plan = writeRetag(world, writer, { commit, last: previous, types: types.filter((type) => retag.images[type.key]), images: retag.images, random: runRandom, live: false });
    const startedAt = commit.date.getTime() + random.int(2, 6) * MINUTE;
    return [{ jobName: BAKE_JOB, startedAt, causes: [cause], parameters, executor: agentAt(world, startedAt, runRandom), plan }];
  });
}

/** Mostly SCM polling, now and then someone by hand, a script, or the nightly timer. */
function pastCause(random: Random): Cause {
  const roll = random.next();
  if (roll < 0.7) return { kind: 'scm' };
  if (roll < 0.85) return { kind: 'user', userId: random.pick(USERS) };
  if (roll < 0.93) return { kind: 'remote', addr: '127.0.0.1', note: undefined };
  return { kind: 'timer' };
}

/** `H 2 * * *`: every night at 02:17 (the job name's hash) for three weeks. */
function nightlyRuns(world: World, random: Random, historyEnd: Date, failing: InstanceRecord | undefined): (PastRun & { nightlyFailure: boolean })[] {
  const runs: (PastRun & { nightlyFailure: boolean })[] = [];
  const lastNight = Math.floor((historyEnd.getTime() - 1) / DAY) * DAY;
  for (let night = NIGHTS - 1; night >= 0; night -= 1) {
    const startedAt = lastNight - night * DAY + 2 * HOUR + 17 * MINUTE + random.int(0, 20_000);
    const stuckTonight = night < 3;
    const runRandom = new Random(`${startedAt}/housekeeping`);
    const hosts = pastHosts(world, startedAt, runRandom, (instance) => stuckTonight && instance === failing);
    if (runRandom.chance(0.15)) breakOne(world, hosts, startedAt, runRandom);
    const plan = ansibleJobPlan({ request: pastRequest(HOUSEKEEPING_JOB, startedAt, runRandom, {}), playbookFile: 'ansible/housekeeping.yml', playbook: housekeepingPlaybook(world.infraSettings.retentionDays), hosts, checkout: checkoutAt(world, HOUSEKEEPING_JOB, startedAt) });
    runs.push({ jobName: HOUSEKEEPING_JOB, startedAt, causes: [{ kind: 'timer' }], parameters: {}, executor: agentAt(world, startedAt, runRandom), plan, nightlyFailure: stuckTonight && failing !== undefined });
  }
  return runs;
}

interface Rollout {
  runs: PastRun[];
  /** The instances the rollout's runs reached. */
  reached: Set<string>;
}

/** The CA bundle rollout after the rotation: a run over every worker, then a rerun on the one it could not reach. */
function certRuns(world: World, historyEnd: Date): Rollout {
  const rotated = world.jenkins.housekeeping.caRotatedAt.getTime();
  const reached = new Set<string>();
  const run = (startedAt: number, limit: string, breakSome: boolean): { run: PastRun; broken: string | undefined } => {
    const random = new Random(`${startedAt}/certs`);
    const hosts = pastHosts(world, startedAt, random, () => false).map((host) => ({ ...host, facts: { ...host.facts, caBundleOutdated: outdated(world, host.facts.instanceId, rotated) } }));
    const broken = breakSome ? breakOne(world, hosts, startedAt, random) : undefined;
    for (const host of limitHosts(hosts, limit).hosts) if (host.name !== broken) reached.add(host.facts.instanceId);
    const plan = ansibleJobPlan({ request: pastRequest(CA_CERTS_JOB, startedAt, random, { LIMIT: limit }), playbookFile: 'ansible/update-ca-certs.yml', playbook: caCertsPlaybook(), hosts, checkout: checkoutAt(world, CA_CERTS_JOB, startedAt) });
    return { run: { jobName: CA_CERTS_JOB, startedAt, causes: [{ kind: 'user', userId: 'dnair' }], parameters: { LIMIT: limit }, executor: agentAt(world, startedAt, random), plan }, broken };
  };
  const first = rotated + 5 * HOUR + 40 * MINUTE;
  const second = rotated + DAY + 3 * HOUR + 5 * MINUTE;
  if (first > historyEnd.getTime()) return { runs: [], reached };
  const rollout = run(first, '', true);
  if (!rollout.broken || second > historyEnd.getTime()) return { runs: [rollout.run], reached };
  return { runs: [rollout.run, run(second, rollout.broken, false).run], reached };
}

function outdated(world: World, instanceId: string, rotated: number): boolean {
  const instance = world.fleet.instances.get(instanceId);
  return (world.images.get(instance?.imageId ?? '')?.creationDate.getTime() ?? 0) < rotated;
}

/** The inventory at a past instant: the instances then running, as facts a replayed run can use. */
function pastHosts(world: World, at: number, random: Random, stuck: (instance: InstanceRecord) => boolean): FleetHost[] {
  return runningAt(world, at)
    .map((instance): FleetHost => {
      const size = world.nodes.get(instance.instanceId)?.disk.sizeBytes ?? 50 * GIB;
      return { name: housekeepingHostName(instance), facts: pastFacts(instance.instanceId, size, random, stuck(instance)), groups: inventoryGroups(instance.tags.get(world.config.tags.workerType)), unreachable: undefined };
    })
    .sort((a, b) => byAddress(a.name, b.name));
}

/** One host that stopped answering that night: an instance the fleet replaced within the next day and a half if there is one. */
function breakOne(world: World, hosts: FleetHost[], at: number, random: Random): string | undefined {
  const doomed = hosts.filter((host) => {
    const gone = world.fleet.instances.get(host.facts.instanceId)?.terminatedAt?.getTime();
    return gone !== undefined && gone - at < 36 * HOUR;
  });
  const host = doomed[0] ?? (hosts.length > 0 && random.chance(0.5) ? random.pick(hosts) : undefined);
  if (host) host.unreachable = { msg: `Failed to connect to the host via ssh: ssh: connect to host ${host.name} port 22: Connection timed out`, seconds: 10 };
  return host?.name;
}

function runningAt(world: World, at: number): InstanceRecord[] {
  return world.fleet.instances.all().filter((instance) => instance.tags.get('pool') === 'jenkins_worker' && (instance.runningSince?.getTime() ?? Infinity) <= at && (instance.terminatedAt?.getTime() ?? Infinity) > at);
}

function agentAt(world: World, at: number, random: Random) {
  const candidates = runningAt(world, at);
  if (candidates.length === 0) return undefined;
  const instance = random.pick(candidates);
  return { agent: instance.instanceId, slot: 0, labels: world.nodes.labelsOf(instance) };
}

function pastRequest(jobName: string, startedAt: number, random: Random, parameters: Record<string, string>) {
  return { parameters, startedAt: new Date(startedAt), random, jobName, number: 0, executor: undefined };
}

/** The infra repo's head at a past instant. */
function checkoutAt(world: World, jobName: string, at: number) {
  const head = [...world.commits].reverse().find((commit) => commit.date.getTime() <= at) ?? world.head();
  return { workspace: `/var/lib/jenkins/workspace/${jobName}`, repoUrl: infraRepoUrl(world), sha: head.sha, message: head.message };
}

/**
 * The node housekeeping keeps failing on: the one the node scenario filled, when it has run for the
 * last three nights; otherwise the oldest worker that has, whose disk is then filled the same way.
 */
function failingNode(world: World, diskAlmostFull: string | undefined, historyEnd: Date): InstanceRecord | undefined {
  const since = Math.floor((historyEnd.getTime() - 1) / DAY) * DAY - 2 * DAY;
  const ranThreeNights = (instance: InstanceRecord | undefined) => instance?.state === 'running' && (instance.runningSince?.getTime() ?? Infinity) < since;
  const scenario = world.fleet.instances.get(diskAlmostFull ?? '');
  const node = ranThreeNights(scenario) ? scenario : runningAt(world, world.clock().getTime()).filter(ranThreeNights).sort((a, b) => a.launchTime.getTime() - b.launchTime.getTime())[0];
  if (node && node !== scenario) {
    const disk = world.nodes.require(node.instanceId).disk;
    world.nodes.set(node.instanceId, { disk: { availBytes: blocks(disk.sizeBytes * 0.04), fillBytesPerSecond: 0 } });
  }
  if (node) world.jenkins.housekeeping.setRemovableShare(node.instanceId, 0.03);
  return node;
}

/**
 * Last night's run cleaned every node it reached: what can go now is what grew since. The nodes
 * the CA rollout reached, and those baked after the rotation, have the new bundle.
 */
function settleHousekeepingState(world: World, random: Random, failing: InstanceRecord | undefined, rollout: Rollout): void {
  const state = world.jenkins.housekeeping;
  for (const instance of runningAt(world, world.clock().getTime())) {
    const disk = world.nodes.require(instance.instanceId).disk;
    const used = disk.sizeBytes - disk.availBytes;
    const grown = instance === failing || random.chance(0.7) ? random.int(512, 4096) * 1024 * 1024 : 0;
    state.cleaned(instance.instanceId, Math.max(0, used - grown));
    if (rollout.reached.has(instance.instanceId)) state.setTrustsNewCa(instance.instanceId);
  }
}
