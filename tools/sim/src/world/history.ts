import { join } from 'node:path';
import { type FleetConfig } from '@fleet/core';
import { type SimClock } from './clock.ts';
import { seedFleet } from './fleet/seed-fleet.ts';
import { seedNodes } from './nodes/seed-nodes.ts';
import { InfraRepo, type CommitSpec, type Person } from './infra-repo.ts';
import { seedClouds } from './jenkins/clouds/seed-clouds.ts';
import { type JenkinsControllerSpec } from './jenkins/controller-spec.ts';
import { seedJenkins } from './jenkins/seed-jenkins.ts';
import { changeInfra, initialInfraState, renderInfraTree } from './infra-tree.ts';
import { Random } from './random.ts';
import { World, type Scenario } from './world.ts';

export interface WorldOptions {
  config: FleetConfig;
  dataDir: string;
  seed: string | number;
  /** When the seeded history ends; its ~40 commits fall in the six weeks before. */
  historyEnd: Date;
  clock: SimClock;
  /** Simulated seconds per second of the clock, for everything the fleet does after the history. */
  timeScale: number;
  /** The Jenkins controllers, the first one listed first. */
  controllers: readonly JenkinsControllerSpec[];
  /** The size of the world; the demo's when left out. */
  seeding?: WorldSeeding;
}

/** How large a world to grow: a benchmark wants thousands of AMIs and instances, the demo a few dozen. */
export interface WorldSeeding {
  /** Commits in the infra repo's six weeks of history (40). */
  commits?: number;
  /** The share of commits that change packer/ and so rebuild every worker AMI (0.3). */
  packerShare?: number;
  /** Where the groups live: the first production account's first region (the demo), or spread over every production account and region in turn. */
  groupPlacement?: GroupPlacement;
  /** Every group's desired capacity; drawn between 2 and 8 when left out. */
  instancesPerGroup?: number;
}

export type GroupPlacement = 'first' | 'spread';

const COMMITS = 40;
const SPAN_MS = 42 * 24 * 3_600_000;
const HOUR = 3_600_000;

const AUTHORS: Person[] = [
  { name: 'Ana Souza', email: 'asouza@example.com', zone: '-0300' },
  { name: 'Brian Kelly', email: 'bkelly@example.com', zone: '+0100' },
  { name: 'Chen Wei', email: 'cwei@example.com', zone: '+0800' },
  { name: 'Deepa Nair', email: 'dnair@example.com', zone: '+0530' },
  { name: 'Erik Lindqvist', email: 'elindqvist@example.com', zone: '+0200' },
];

/**
 * Generates the demo world from the config and a seed: a real git history of the infra repo,
 * then the AMIs that history produced, replayed in order.
 */
export async function createWorld(options: WorldOptions): Promise<World> {
  const { config } = options;
  const random = new Random(options.seed);
  const types = config.workerTypes.map((type) => type.key);

  const commits = Math.max(COMMITS, options.seeding?.commits ?? COMMITS);
  const times = commitTimes(random, options.historyEnd, commits);
  const failedAll = Math.round(commits * 0.55);
  const partial = types.length > 1 ? Math.round(commits * 0.75) : undefined;
  const touches = times.map((_, i) => {
    if (i === 0 || i === failedAll || i === partial || i === commits - 1) return true;
    if (i === failedAll + 1 || (partial !== undefined && i === partial + 1) || i === commits - 2) return false;
    return random.chance(options.seeding?.packerShare ?? 0.3);
  });
  const manualBefore = touches.findIndex((packer, i) => packer && i >= 6 && i < failedAll);
  if (manualBefore < 0) touches[12] = true;
  const handBuiltBefore = manualBefore < 0 ? 12 : manualBefore;

  const state = initialInfraState(config);
  const specs: CommitSpec[] = times.map((date, i) => {
    const message = i === 0 ? 'Import the Jenkins worker images, pools and housekeeping' : changeInfra(state, config, random, touches[i] ?? false);
    return { author: random.pick(AUTHORS), date, message, files: renderInfraTree(config, state) };
  });
  const { repo, shas } = await InfraRepo.create(join(options.dataDir, 'infra'), specs);
  const world = new World(config, random, repo, state, options.clock, new Random(`${options.seed}/fleet`), options.seed, options.controllers);

  const partialType = partial === undefined ? undefined : random.pick(types);
  const unsharedTypes = random.sample(types, Math.min(2, types.length));
  let handBuilt = '';
  specs.forEach((spec, i) => {
    const sha = shas[i] ?? '';
    world.recordCommit(sha, spec, touches[i] ?? false);
    if (i === handBuiltBefore) handBuilt = buildByHand(world, random, times[i - 1] ?? spec.date, spec.date, shas[i - 1] ?? sha);
    if (!touches[i]) {
      world.retag(sha);
      return;
    }
    const failWorkerTypes = i === failedAll ? types : i === partial && partialType ? [partialType] : [];
    const build = world.build({ commit: sha, failWorkerTypes, at: new Date(spec.date.getTime() + random.int(40, 75) * 60_000) });
    for (const { workerType, imageId } of world.imagesOfBuild(build)) {
      if (i === commits - 1 && unsharedTypes.includes(workerType)) continue;
      world.share(imageId);
    }
  });

  const deregistered = deregisterOldest(world, random);
  const fleet = seedFleet({
    config,
    fleet: world.fleet,
    random: new Random(`${options.seed}/fleet-seed`),
    images: world.images,
    builds: world.builds.map((build) => ({ finishedAt: build.finishedAt, images: world.imagesOfBuild(build) })),
    maxSize: state.maxSize,
    historyEnd: options.historyEnd,
    placement: options.seeding?.groupPlacement ?? 'first',
    instancesPerGroup: options.seeding?.instancesPerGroup,
  });
  world.fleet.timeScale = options.timeScale;
  const nodes = seedNodes({ fleet: world.fleet, nodes: world.nodes, random: new Random(`${options.seed}/nodes`), now: options.clock.now() });
  const clouds = seedClouds({
    config,
    controllers: world.controllers,
    group: (name) => world.fleet.group(name),
    numExecutors: (group) => world.nodes.get(world.fleet.instancesOf(group)[0]?.instanceId ?? '')?.agent.numExecutors ?? 2,
  });
  world.scenario = {
    failedBuildCommit: shas[failedAll] ?? '',
    partialFailure: partial !== undefined && partialType ? { commit: shas[partial] ?? '', workerType: partialType } : undefined,
    notYetShared: unsharedTypes.map((type) => world.builds.at(-1)?.images[type] ?? '').filter(Boolean),
    deregistered,
    malformedCommitTag: handBuilt,
    fleet,
    nodes,
    jenkins: seedJenkins({ world, random: new Random(`${options.seed}/jenkins`), historyEnd: options.historyEnd, diskAlmostFull: nodes.diskAlmostFull }),
    clouds,
  } satisfies Scenario;
  return world;
}

/** Roughly one commit a day (more in a larger world), each at least two hours after the previous, the last 3h before the end. */
function commitTimes(random: Random, end: Date, commits: number): Date[] {
  const start = end.getTime() - SPAN_MS;
  const slot = (SPAN_MS - 3 * HOUR) / commits;
  const times: number[] = [];
  for (let i = 0; i < commits; i += 1) {
    const raw = new Date(start + (i + random.next() * 0.8) * slot);
    raw.setUTCHours(7 + (raw.getUTCHours() % 12), random.int(0, 59), random.int(0, 59), 0);
    times.push(raw.getTime());
  }
  times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i += 1) {
    times[i] = Math.max(times[i] ?? 0, (times[i - 1] ?? 0) + 2 * HOUR);
  }
  const overshoot = (times.at(-1) ?? 0) - (end.getTime() - 3 * HOUR);
  return times.map((time) => new Date(overshoot > 0 ? time - overshoot : time));
}

/**
 * Someone ran packer from a dirty checkout: the AMI carries `<short sha>-dirty` as its commit.
 * It lands just before a pipeline build, which supersedes it before any re-tag could fix it.
 */
function buildByHand(world: World, random: Random, after: Date, before: Date, sha: string): string {
  const type = random.pick(world.config.workerTypes);
  const at = new Date((after.getTime() + 45 * 60_000 + before.getTime()) / 2);
  return world.bake(type, `${sha.slice(0, 7)}-dirty`, random.uuid(), at).imageId;
}

/** The clean-up job has deregistered a few AMIs of the oldest builds, never a type's current one. */
function deregisterOldest(world: World, random: Random): string[] {
  const [first, second] = world.builds;
  const candidates = [...random.sample(Object.values(first?.images ?? {}), 3), ...random.sample(Object.values(second?.images ?? {}), 1)];
  const current = new Set(world.config.workerTypes.map((type) => world.currentImage(type.key)?.imageId));
  return candidates.filter((id) => !current.has(id)).map((id) => world.deregister(id).imageId);
}
