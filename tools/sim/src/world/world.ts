import { type FleetConfig, type WorkerTypeConfig } from '@fleet/core';
import { type SimClock } from './clock.ts';
import { CloudTrail } from './cloud-trail.ts';
import { Fleet } from './fleet/fleet.ts';
import { type FleetScenario } from './fleet/seed-fleet.ts';
import { Nodes } from './nodes/nodes.ts';
import { type NodeScenario } from './nodes/seed-nodes.ts';
import { ImageStore, type BlockDevice, type ImageRecord } from './images.ts';
import { type InfraRepo, type Person } from './infra-repo.ts';
import { changeInfra, renderInfraTree, type InfraState } from './infra-tree.ts';
import { cloudsWorldOf } from './jenkins/clouds/clouds-world.ts';
import { type CloudScenario } from './jenkins/clouds/seed-clouds.ts';
import { JenkinsController, type JenkinsScenario } from './jenkins/controller.ts';
import { type JenkinsControllerSpec } from './jenkins/controller-spec.ts';
import { SimulatedJenkins } from './jenkins/simulated-jenkins.ts';
import { amiName, bakeTags } from './packer-template.ts';
import { type Random } from './random.ts';

export interface CommitRecord {
  sha: string;
  message: string;
  author: string;
  date: Date;
  touchesPacker: boolean;
}

export interface BuildRecord {
  buildId: string;
  commit: string;
  finishedAt: Date;
  /** Image id by worker type, for the types whose build succeeded, in the build account's first region. */
  images: Record<string, string>;
  failed: string[];
  /** The copies packer made in the build account's other regions: image id by worker type, by region. */
  copies?: Record<string, Record<string, string>>;
}

/** One run of build_images.sh for a commit that left packer alone. */
export interface RetagRecord {
  commit: string;
  /** Image id by worker type: the AMIs that took the commit's sha. */
  images: Record<string, string>;
}

export interface CommitOutcome {
  commit: CommitRecord;
  build: BuildRecord | undefined;
  retagged: ImageRecord[];
}

export interface CommitInput {
  touchesPacker: boolean;
  message?: string;
  author?: Person;
  /**
   * `inline` (the default) bakes or re-tags at once, as the seeded history did; `jenkins` only
   * pushes the commit and queues the bake job, as SCM polling would, so the AMIs come as it runs.
   */
  pipeline?: 'inline' | 'jenkins';
}

export interface BuildInput {
  /** Defaults to the newest commit. */
  commit?: string;
  workerTypes?: string[];
  failWorkerTypes?: string[];
  at?: Date;
}

export interface ImageInput {
  /** Allocated beforehand (newImageId) when something has already printed it. */
  imageId?: string;
  ownerId: string;
  /** The build account's first region unless told otherwise. */
  region?: string;
  name: string;
  description?: string;
  creationDate?: Date;
  architecture?: ImageRecord['architecture'];
  platformDetails?: string;
  usageOperation?: string;
  rootDeviceName?: string;
  blockDevices?: BlockDevice[];
  enaSupport?: boolean;
  sriovNetSupport?: string;
  tags?: Iterable<readonly [string, string]>;
}

/** The seeded history's notable facts, for tests and demos that want to point at them. */
export interface Scenario {
  failedBuildCommit: string;
  partialFailure: { commit: string; workerType: string } | undefined;
  notYetShared: string[];
  deregistered: string[];
  malformedCommitTag: string;
  fleet: FleetScenario;
  nodes: NodeScenario;
  jenkins: JenkinsScenario;
  /** The cloud the seed changed by hand on each controller. */
  clouds: CloudScenario;
}

export const SIM_AUTHOR: Person = { name: 'Fleet Simulator', email: 'fleet-sim@example.com', zone: '+0000' };

/**
 * One world: the infra repo's history, the AMIs it produced and the fleet that runs them, kept
 * consistent by every mutation.
 */
export class World {
  readonly images = new ImageStore();
  readonly fleet: Fleet;
  /** Every change made through the simulated AWS APIs, as CloudTrail keeps them. */
  readonly cloudTrail = new CloudTrail();
  /** What each instance's operating system, status checks and Jenkins agent report. */
  readonly nodes: Nodes;
  /** The Jenkins controllers, each with its plugins, clouds, agents and jobs. */
  readonly controllers: readonly SimulatedJenkins[];
  /** The jobs, queue and builds of the controller with the bake and housekeeping jobs. */
  readonly jenkins: JenkinsController;
  readonly clock: () => Date;
  readonly commits: CommitRecord[] = [];
  readonly builds: BuildRecord[] = [];
  /** Re-tags in order; AWS keeps only the latest commit tag, this keeps them all. */
  readonly retags: RetagRecord[] = [];
  scenario: Scenario | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly config: FleetConfig,
    readonly random: Random,
    readonly repo: InfraRepo,
    private readonly infra: InfraState,
    private readonly time: SimClock,
    fleetRandom: Random,
    seed: string | number,
    controllerSpecs: readonly JenkinsControllerSpec[],
  ) {
    this.clock = time.now;
    this.fleet = new Fleet({ random: fleetRandom, images: this.images, clock: time });
    this.nodes = new Nodes({ fleet: this.fleet, images: this.images, config, clock: time.now, seed });
    this.controllers = controllerSpecs.map(
      (spec, index) =>
        new SimulatedJenkins(spec, cloudsWorldOf(this.fleet, this.nodes, time.now), {
          first: index === 0,
          jobs: (site) => new JenkinsController(this, seed, { fleetJobs: spec.fleetJobs, agents: () => site.agents(), workloadSeed: spec.fleetJobs ? '' : `/${spec.name}` }),
        }),
    );
    const fleetJobs = this.controllers.find((controller) => controller.spec.fleetJobs);
    if (!fleetJobs) throw new Error('one Jenkins controller must run the bake and housekeeping jobs');
    this.jenkins = fleetJobs.jobs;
    this.nodes.setExecutorClaims((agent) => this.controllers.reduce((sum, controller) => sum + controller.jobs.executors.claimsOn(agent), 0));
  }

  /** A controller by name. */
  controller(name: string): SimulatedJenkins {
    const found = this.controllers.find((controller) => controller.name === name);
    if (!found) throw new Error(`no Jenkins controller ${name} in the simulated world (it has ${this.controllers.map((controller) => controller.name).join(', ')})`);
    return found;
  }

  /** What the infra repo's head says (retention days, versions, sizes). */
  get infraSettings(): Readonly<InfraState> {
    return this.infra;
  }

  /**
   * Lets `ms` of clock time pass at once: sessions age, and every launch, warm-up, checkpoint and
   * refresh due in that span happens, each at its own instant.
   */
  advance(ms: number): void {
    this.time.skip(ms);
    this.fleet.tick();
  }

  get buildAccountId(): string {
    return this.config.aws.buildAccount.id;
  }

  /** Where the build account bakes; packer copies every AMI to its other regions. */
  get homeRegion(): string {
    return this.config.aws.buildAccount.regions[0] ?? 'us-east-1';
  }

  /** Every AMI a build made, in every region, with its worker type. */
  imagesOfBuild(build: BuildRecord): { workerType: string; region: string; imageId: string }[] {
    const home = Object.entries(build.images).map(([workerType, imageId]) => ({ workerType, region: this.homeRegion, imageId }));
    const copies = Object.entries(build.copies ?? {}).flatMap(([region, images]) => Object.entries(images).map(([workerType, imageId]) => ({ workerType, region, imageId })));
    return [...home, ...copies];
  }

  get productionAccountIds(): string[] {
    return this.config.aws.productionAccounts.map((account) => account.id);
  }

  head(): CommitRecord {
    const head = this.commits.at(-1);
    if (!head) throw new Error('the infra repo has no commits');
    return head;
  }

  /** A new commit in the infra repo, then what build_images.sh does for it: rebuild or re-tag. */
  commit(input: CommitInput): Promise<CommitOutcome> {
    return this.serialized(() => this.commitNow(input, []));
  }

  /** A commit touching packer whose build fails, for every worker type unless some are named. */
  failBuild(input: { message?: string; workerTypes?: string[] } = {}): Promise<CommitOutcome> {
    const failed = input.workerTypes ?? this.config.workerTypes.map((type) => type.key);
    return this.serialized(() => this.commitNow({ touchesPacker: true, message: input.message }, failed));
  }

  private async commitNow(input: CommitInput, failWorkerTypes: string[]): Promise<CommitOutcome> {
    const date = new Date(Math.max(this.clock().getTime(), this.head().date.getTime() + 60_000));
    const generated = changeInfra(this.infra, this.config, this.random, input.touchesPacker);
    const spec = { author: input.author ?? SIM_AUTHOR, date, message: input.message ?? generated, files: renderInfraTree(this.config, this.infra) };
    const sha = await this.repo.append(spec);
    const commit = this.recordCommit(sha, spec, input.touchesPacker);
    if (input.pipeline === 'jenkins') {
      this.jenkins.schedule(this.jenkins.bakeJobName, { parameters: {}, cause: { kind: 'scm' } });
      return { commit, build: undefined, retagged: [] };
    }
    if (input.touchesPacker) return { commit, build: this.build({ commit: sha, failWorkerTypes, at: date }), retagged: [] };
    return { commit, build: undefined, retagged: this.retag(sha) };
  }

  recordCommit(sha: string, spec: { author: Person; date: Date; message: string }, touchesPacker: boolean): CommitRecord {
    const commit = { sha, message: spec.message, author: spec.author.name, date: spec.date, touchesPacker };
    this.commits.push(commit);
    return commit;
  }

  /**
   * One packer run: a new AMI per worker type, tagged with the commit; failed types get none. It is
   * the bake job's last bake from then on; called outside the job (not the seeded history, which the
   * job's replayed builds show), the portal cannot know of it.
   */
  build(input: BuildInput = {}): BuildRecord {
    const commit = input.commit ?? this.head().sha;
    const previous = this.builds.at(-1)?.finishedAt.getTime() ?? 0;
    const at = new Date(Math.max((input.at ?? this.clock()).getTime(), previous + 60_000));
    const types = this.config.workerTypes.filter((type) => !input.workerTypes || input.workerTypes.includes(type.key));
    const failed = types.filter((type) => input.failWorkerTypes?.includes(type.key)).map((type) => type.key);
    const record: BuildRecord = { buildId: this.random.uuid(), commit, finishedAt: at, images: {}, failed };
    const others = this.config.aws.buildAccount.regions.slice(1);
    for (const type of types) {
      if (failed.includes(type.key)) continue;
      record.images[type.key] = this.bake(type, commit, record.buildId, at).imageId;
      for (const region of others) {
        const copies = (record.copies ??= {});
        (copies[region] ??= {})[type.key] = this.bake(type, commit, record.buildId, at, commit, { region }).imageId;
      }
    }
    this.builds.push(record);
    return record;
  }

  /**
   * What build_images.sh does for a commit that leaves packer alone: the newest available AMI of
   * every worker type gets the commit's sha in its commit tag, and nothing else changes.
   */
  retag(sha: string, workerTypes?: readonly string[]): ImageRecord[] {
    const retagged: ImageRecord[] = [];
    const record: RetagRecord = { commit: sha, images: {} };
    for (const type of this.config.workerTypes.filter((candidate) => !workerTypes || workerTypes.includes(candidate.key))) {
      for (const region of this.config.aws.buildAccount.regions) {
        const image = this.currentImage(type.key, region);
        if (!image) continue;
        this.images.setTags(image, this.buildAccountId, [[this.config.tags.commit, sha]]);
        if (region === this.homeRegion) record.images[type.key] = image.imageId;
        retagged.push(image);
      }
    }
    this.retags.push(record);
    return retagged;
  }

  /** The newest available AMI the build account has for a worker type in a region, as build_images.sh finds it. */
  currentImage(workerType: string, region = this.homeRegion): ImageRecord | undefined {
    const key = this.config.tags.workerType;
    return this.images
      .all()
      .filter((image) => image.ownerId === this.buildAccountId && image.region === region && image.state === 'available')
      .filter((image) => this.images.tagsSeenBy(image, this.buildAccountId).get(key) === workerType)
      .sort((a, b) => b.creationDate.getTime() - a.creationDate.getTime())[0];
  }

  deregister(imageId: string): ImageRecord {
    const image = this.images.require(imageId);
    image.state = 'deregistered';
    image.launchPermissions.clear();
    return image;
  }

  share(imageId: string, accountIds: readonly string[] = this.productionAccountIds): ImageRecord {
    const image = this.images.require(imageId);
    for (const id of accountIds) image.launchPermissions.add(id);
    return image;
  }

  unshare(imageId: string, accountIds: readonly string[] = this.productionAccountIds): ImageRecord {
    const image = this.images.require(imageId);
    for (const id of accountIds) image.launchPermissions.delete(id);
    return image;
  }

  /** The tags the owner sees, which are the ones the lineage is built from. */
  tagsOf(imageId: string): Record<string, string> {
    return this.images.ownerTags(this.images.require(imageId));
  }

  newImageId(): string {
    return `ami-0${this.random.hex(16)}`;
  }

  newSnapshotId(): string {
    return `snap-0${this.random.hex(16)}`;
  }

  /** An AMI as packer leaves it; also used for AMIs built by hand outside the pipeline. */
  bake(type: WorkerTypeConfig, commitTag: string, buildId: string, at: Date, builtCommit: string = commitTag, made: { imageId?: string; snapshotId?: string; name?: string; region?: string } = {}): ImageRecord {
    const rhel = type.baseOs.startsWith('rhel');
    return this.register({
      imageId: made.imageId,
      ownerId: this.buildAccountId,
      region: made.region,
      name: made.name ?? amiName(type.key, at),
      description: `Jenkins worker ${type.key} (${type.baseOs}, ${type.role}) baked by packer from infra@${builtCommit.slice(0, 7)}`,
      creationDate: at,
      platformDetails: rhel ? 'Red Hat Enterprise Linux' : 'Linux/UNIX',
      usageOperation: rhel ? 'RunInstances:0010' : 'RunInstances',
      blockDevices: [
        {
          deviceName: '/dev/sda1',
          snapshotId: made.snapshotId ?? this.newSnapshotId(),
          volumeSize: type.role === 'gpu' ? 200 : type.role === 'builder' ? 100 : 50,
          volumeType: 'gp3',
          deleteOnTermination: true,
          encrypted: false,
        },
      ],
      tags: bakeTags(this.config, type, commitTag, buildId, builtCommit),
    });
  }

  /** A new available AMI; what is not given is what a plain Linux AMI registered from a snapshot has. */
  register(input: ImageInput): ImageRecord {
    const image = this.images.add({
      imageId: input.imageId ?? this.newImageId(),
      ownerId: input.ownerId,
      region: input.region ?? this.homeRegion,
      name: input.name,
      description: input.description,
      creationDate: input.creationDate ?? this.clock(),
      state: 'available',
      architecture: input.architecture ?? 'x86_64',
      platformDetails: input.platformDetails ?? 'Linux/UNIX',
      usageOperation: input.usageOperation ?? 'RunInstances',
      rootDeviceName: input.rootDeviceName ?? '/dev/sda1',
      blockDevices: input.blockDevices ?? [
        { deviceName: input.rootDeviceName ?? '/dev/sda1', snapshotId: this.newSnapshotId(), volumeSize: 8, volumeType: 'gp2', deleteOnTermination: true, encrypted: false },
      ],
      virtualizationType: 'hvm',
      enaSupport: input.enaSupport ?? true,
      sriovNetSupport: input.sriovNetSupport ?? 'simple',
      deprecationTime: undefined,
      isPublic: false,
      launchPermissions: new Set(),
      tags: new Map(),
    });
    if (input.tags) this.images.setTags(image, input.ownerId, input.tags);
    return image;
  }

  /** Git runs one at a time, and each mutation sees the previous one's commit. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
