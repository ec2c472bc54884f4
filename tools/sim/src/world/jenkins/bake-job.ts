import { type WorkerTypeConfig } from '@fleet/core';
import { shareOnNextReconcile } from '../ami-share.ts';
import { type Random } from '../random.ts';
import { amiName, bakeTags } from '../packer-template.ts';
import { type BuildRecord, type CommitRecord, type World } from '../world.ts';
import { infraRepoUrl } from './housekeeping-jobs.ts';
import { type BuildPlan, type JobSpec, type RunRequest } from './job.ts';
import { type PackerHooks, type PackerSource, writePackerBuild } from './packer-output.ts';
import { gitCheckoutLines, gitRevisionMissingLines, PlanWriter, SHELL_STEP_FAILED, shellStepLine, traced } from './plan-writer.ts';
import { DEFAULT_FAILING_TASK, DEFAULT_FAILURE_MESSAGE, type TaskFailure } from './worker-playbook.ts';

/** The job that runs the infra repo's build_images.sh: bake the worker AMIs, or re-tag them. */
export const BAKE_JOB = 'build-worker-amis';
const WORKSPACE = `/var/lib/jenkins/workspace/${BAKE_JOB}`;

/** Failures waiting for the next bake of a worker type, set by tests and the demo. */
export class BakeFailures {
  private readonly pending = new Map<string, TaskFailure>();

  /** The next full bake of the worker type fails at an Ansible task (by default the package installation). */
  failNext(workerType: string, failure: { task?: string; message?: string } = {}): void {
    this.pending.set(workerType, { task: failure.task ?? DEFAULT_FAILING_TASK, message: failure.message ?? DEFAULT_FAILURE_MESSAGE });
  }

  take(workerType: string): TaskFailure | undefined {
    const failure = this.pending.get(workerType);
    this.pending.delete(workerType);
    return failure;
  }
}

export function bakeJobSpec(world: World, failures: BakeFailures): JobSpec {
  const keys = world.config.workerTypes.map((type) => type.key);
  return {
    name: BAKE_JOB,
    description: 'Runs build_images.sh of the infra repo: a packer build of the worker AMIs when packer/ changed since the last bake, otherwise the newest AMIs re-tagged with the commit',
    parameters: [
      { name: 'INFRA_COMMIT', defaultValue: '', description: 'Infra repo commit to bake (a sha or a prefix of one); empty for the head of main' },
      { name: 'WORKER_TYPES', defaultValue: keys.join(','), description: `Comma-separated worker types to bake; empty for all (${keys.join(', ')})` },
      { name: 'PORTAL_ACTION_ID', defaultValue: '', description: 'Set by the fleet portal to find the build its action started' },
    ],
    concurrent: false,
    keepBuilds: 25,
    plan: (request) => liveBake(world, failures, request),
  };
}

/** A commit of the simulated infra repo by its sha or a prefix of at least four hex digits that only it has. */
export function resolveCommit(world: World, revision: string): CommitRecord | undefined {
  const wanted = revision.trim().toLowerCase();
  if (!/^[0-9a-f]{4,40}$/.test(wanted)) return undefined;
  const found = world.commits.filter((commit) => commit.sha.startsWith(wanted));
  return found.length === 1 ? found[0] : undefined;
}

/** Whether any commit after one and up to the other changed packer/ (the history is linear). */
export function packerChanged(world: World, from: CommitRecord | undefined, to: CommitRecord): boolean {
  const i = from ? world.commits.indexOf(from) : -1;
  const j = world.commits.indexOf(to);
  if (i < 0 || j < 0) return true;
  return world.commits.slice(Math.min(i, j) + 1, Math.max(i, j) + 1).some((commit) => commit.touchesPacker);
}

export function commitOf(world: World, sha: string | undefined): CommitRecord | undefined {
  return world.commits.find((commit) => commit.sha === sha);
}

function liveBake(world: World, failures: BakeFailures, request: RunRequest): BuildPlan {
  const { random } = request;
  const revision = request.parameters.INFRA_COMMIT?.trim() || world.head().sha;
  const commit = resolveCommit(world, revision);
  const writer = new PlanWriter(0.4);
  if (!commit) return writer.say(...gitRevisionMissingLines({ workspace: WORKSPACE, repoUrl: infraRepoUrl(world), sha: revision })).wait(1).plan('FAILURE');
  startScript(world, writer, commit, random);
  const wanted = (request.parameters.WORKER_TYPES ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  const unknown = wanted.filter((key) => !world.config.workerTypes.some((type) => type.key === key));
  if (unknown.length > 0) {
    const known = world.config.workerTypes.map((type) => type.key).join(', ');
    return writer.say(`unknown worker type: ${unknown.join(', ')} (known: ${known})`, SHELL_STEP_FAILED).wait(0.2).plan('FAILURE');
  }
  const types = world.config.workerTypes.filter((type) => wanted.length === 0 || wanted.includes(type.key));
  // The last bake is the last run whose packer run came to its end (`record` below, at packer's
  // closing lines), whatever each worker type's outcome and however few types were asked for; a
  // re-tag, or a run stopped before packer ended, leaves it. The portal reads the same rule from
  // the runs' consoles (core's lastBakedCommit), so its preview and this run agree.
  const last = commitOf(world, world.builds.at(-1)?.commit);
  if (!packerChanged(world, last, commit)) {
    const images = Object.fromEntries(types.map((type) => [type.key, world.currentImage(type.key)?.imageId]));
    return writeRetag(world, writer, { commit, last, types, images, random, live: true });
  }
  const buildId = random.uuid();
  const sources = types.map((type): PackerSource => ({
    type,
    amiName: amiName(type.key, new Date(request.startedAt.getTime() + 60_000)),
    imageId: world.newImageId(),
    snapshotId: world.newSnapshotId(),
    tags: bakeTags(world.config, type, commit.sha, buildId),
    failure: failures.take(type.key),
  }));
  const created = new Set<string>();
  const hooks: PackerHooks = {
    created: (source, at) => {
      world.bake(source.type, commit.sha, buildId, at, commit.sha, { imageId: source.imageId, snapshotId: source.snapshotId, name: source.amiName }).state = 'pending';
      created.add(source.imageId);
    },
    available: (source, at) => {
      const image = world.images.get(source.imageId);
      if (image?.state !== 'pending') return;
      image.state = 'available';
      shareOnNextReconcile(world, source.imageId, at, random);
    },
  };
  const plan = writeFullBake(world, writer, { commit, last, sources, random, hooks, record: (at, outcome) => void world.builds.push({ buildId, commit: commit.sha, finishedAt: at, ...outcome }) });
  // packer deregisters what it made when interrupted before the AMI was ready.
  plan.onAbort = () => {
    for (const id of created) if (world.images.get(id)?.state === 'pending') world.deregister(id);
  };
  return plan;
}

/** Jenkins's checkout of the commit, then its shell step: `./build_images.sh`. */
export function startScript(world: World, writer: PlanWriter, commit: CommitRecord, random: Random): void {
  writer.say(...gitCheckoutLines({ workspace: WORKSPACE, repoUrl: infraRepoUrl(world), sha: commit.sha, message: commit.message })).wait(1 + random.next() * 2);
  writer.say(shellStepLine(BAKE_JOB, random), traced('./build_images.sh'));
}

export interface FullBake {
  commit: CommitRecord;
  last: CommitRecord | undefined;
  sources: PackerSource[];
  random: Random;
  hooks?: PackerHooks;
  /** Records the build in the world's history when packer is done (live only). */
  record?: (at: Date, outcome: Pick<BuildRecord, 'images' | 'failed'>) => void;
}

export function writeFullBake(world: World, writer: PlanWriter, bake: FullBake): BuildPlan {
  const { commit, sources, random } = bake;
  writer.say(`packer/ changed since ${short(bake.last)}: building ${sources.length} worker types at ${commit.sha}`).wait(2 + random.next() * 3);
  const packer = world.config.infraRepo.packerPath.replace(/\/+$/, '');
  const outcome = writePackerBuild(writer, sources, {
    region: world.config.aws.buildAccount.regions[0] ?? 'us-east-1',
    playbookPath: `${WORKSPACE}/${packer}/ansible/jenkins-worker.yaml`,
    random,
    hooks: bake.hooks,
    // A replayed history (no hooks) is laid out in real seconds; a live bake runs at the world's speed.
    timeScale: bake.hooks ? world.fleet.timeScale : 1,
  });
  const record = bake.record;
  if (record) {
    writer.effect((at) => record(at, { images: Object.fromEntries(outcome.succeeded.map((source) => [source.type.key, source.imageId])), failed: outcome.failed.map((source) => source.type.key) }));
  }
  if (outcome.failed.length > 0) writer.say(SHELL_STEP_FAILED);
  return writer.wait(0.3).plan(outcome.failed.length > 0 ? 'FAILURE' : 'SUCCESS');
}

export interface Retag {
  commit: CommitRecord;
  last: CommitRecord | undefined;
  types: WorkerTypeConfig[];
  /** The AMI each type's re-tag finds, by worker type. */
  images: Record<string, string | undefined>;
  random: Random;
  live: boolean;
}

/** build_images.sh's other branch: describe-images for the newest AMI of each type, create-tags with the commit. */
export function writeRetag(world: World, writer: PlanWriter, retag: Retag): BuildPlan {
  const { commit, random } = retag;
  const tag = world.config.tags.commit;
  writer.say(`no packer change since ${short(retag.last)}: re-tagging the newest AMIs with ${commit.sha}`);
  // create-tags stops the script at the first type without an AMI, so only those before it are re-tagged.
  const missing = retag.types.findIndex((type) => !retag.images[type.key]);
  const found = missing < 0 ? retag.types : retag.types.slice(0, missing);
  if (retag.live) writer.wait(1.5).effect(() => void world.retag(commit.sha, found.map((type) => type.key)));
  for (const type of retag.types) {
    writer.wait(2 + random.next() * 3);
    const imageId = retag.images[type.key];
    if (!imageId) {
      writer.say('', "An error occurred (InvalidID) when calling the CreateTags operation: The ID 'None' is not valid", SHELL_STEP_FAILED);
      return writer.wait(0.2).plan('FAILURE');
    }
    writer.say(`Re-tagging ${imageId} (${type.key}) with ${tag}=${commit.sha}`);
  }
  return writer.wait(0.5).plan('SUCCESS');
}

function short(commit: CommitRecord | undefined): string {
  // Before any bake there is nothing to compare with: git's null revision.
  return commit ? commit.sha.slice(0, 7) : '0000000';
}
