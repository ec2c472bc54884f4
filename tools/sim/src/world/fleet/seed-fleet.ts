import { type FleetConfig, type WorkerTypeConfig } from '@fleet/core';
import { type GroupPlacement } from '../history.ts';
import { type ImageStore } from '../images.ts';
import { type Random } from '../random.ts';
import { type Fleet } from './fleet.ts';
import { type AutoScalingGroupRecord } from './groups.ts';
import { type LaunchTemplateRecord } from './launch-templates.ts';

/** The seeded fleet's notable groups, for tests and demos that want to point at them. */
export interface FleetScenario {
  accountId: string;
  region: string;
  /** Groups running the newest AMI of their worker type that production can launch. */
  current: string[];
  /** Groups whose launch template version runs an older build, and how many shared builds behind. */
  behind: Record<string, number>;
  /** The group on its template's `$Latest` version: AWS refuses to roll its refreshes back. */
  latestVersion: string | undefined;
  /** The group whose template takes its AMI from a Systems Manager parameter: no rollback either. */
  ssmImage: string | undefined;
  /** The group where a refresh cancelled at a checkpoint left a few instances on an older AMI. */
  olderInstances: string | undefined;
  /** The group whose last refresh failed and rolled back by itself. */
  autoRolledBack: string | undefined;
}

export interface FleetSeed {
  config: FleetConfig;
  fleet: Fleet;
  random: Random;
  images: ImageStore;
  /** Every build's AMIs in every region, oldest build first. */
  builds: readonly { finishedAt: Date; images: readonly { workerType: string; region: string; imageId: string }[] }[];
  /** Each group's max_size in the infra repo's Terraform. */
  maxSize: Record<string, number>;
  historyEnd: Date;
  /** The first production account's first region for every group, or each production account and region in turn. */
  placement?: GroupPlacement;
  /** Every group's desired capacity, instead of a few drawn at random. */
  instancesPerGroup?: number;
}

type Plan = 'current' | 'behind' | 'latest' | 'ssm' | 'mixed' | 'rolled-back';
const PLANS: Plan[] = ['current', 'behind', 'latest', 'ssm', 'mixed', 'rolled-back'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Build {
  imageId: string;
  at: Date;
}

/**
 * The Auto Scaling groups of the demo, owned by the first production account, each with a story
 * played on the fleet's own machinery in the weeks of the seeded history: created from one build,
 * refreshed (or not) onto later ones, so instances, launch template versions, scaling activities
 * and refresh history all agree.
 */
export function seedFleet(seed: FleetSeed): FleetScenario {
  const { config, fleet } = seed;
  const account = config.aws.productionAccounts[0];
  if (!account) throw new Error('the fleet config has no production account');
  const region = account.regions[0] ?? 'us-east-1';
  const homes = seed.placement === 'spread' ? config.aws.productionAccounts.flatMap((a) => a.regions.map((r) => ({ accountId: a.id, region: r }))) : [{ accountId: account.id, region }];
  const scenario: FleetScenario = { accountId: account.id, region, current: [], behind: {}, latestVersion: undefined, ssmImage: undefined, olderInstances: undefined, autoRolledBack: undefined };
  const vpcId = `vpc-0${seed.random.hex(16)}`;
  const securityGroup = `sg-0${seed.random.hex(16)}`;
  const groups = config.workerTypes.flatMap((type) => (type.asgs.length > 0 ? type.asgs : [`jenkins-worker-${type.key}`]).map((name) => ({ name, type })));
  groups.forEach(({ name, type }, index) => {
    const plan = PLANS[index % PLANS.length] ?? 'current';
    const home = homes[index % homes.length] ?? { accountId: account.id, region };
    const shared = sharedBuilds(seed, type.key, home.accountId, home.region);
    const pick = (behind: number) => shared[Math.max(0, shared.length - 1 - behind)] ?? shared[0];
    const story = new Story(seed, name, type, home.accountId, home.region, vpcId, securityGroup, plan);
    const first = pick(plan === 'current' ? 1 : plan === 'behind' ? 3 : 2);
    if (!first) return;
    switch (plan) {
      case 'current': {
        const newest = pick(0) ?? first;
        story.create(first);
        if (newest !== first) story.refreshTo(newest, { minHealthyPercentage: 50, instanceWarmup: 120, skipMatching: true }, 'app-sre-admin/cwei');
        scenario.current.push(name);
        break;
      }
      case 'behind':
        story.create(first);
        scenario.behind[name] = shared.length - 1 - shared.indexOf(first);
        break;
      case 'latest': {
        story.create(pick(3) ?? first, '$Latest');
        story.refreshTo(first, { minHealthyPercentage: 90, instanceWarmup: 180 }, 'app-sre-terraform/terraform', false);
        scenario.latestVersion = name;
        scenario.behind[name] = 2;
        break;
      }
      case 'ssm':
        story.createFromParameter(first);
        scenario.ssmImage = name;
        scenario.behind[name] = 2;
        break;
      case 'mixed':
        story.create(pick(3) ?? first, '1', 6);
        story.cancelAtCheckpoint(first);
        scenario.olderInstances = name;
        scenario.behind[name] = 2;
        break;
      case 'rolled-back':
        story.create(first, '1', 4);
        story.failAndRollBack(pick(1) ?? first);
        scenario.autoRolledBack = name;
        scenario.behind[name] = 2;
        break;
    }
  });
  fleet.runUntil(seed.historyEnd);
  return scenario;
}

/** The builds of a worker type whose AMI a production account can launch in a region, oldest first. */
function sharedBuilds(seed: FleetSeed, type: string, accountId: string, region: string): Build[] {
  return seed.builds.flatMap((build) => {
    const imageId = build.images.find((made) => made.workerType === type && made.region === region)?.imageId;
    const image = imageId ? seed.images.get(imageId) : undefined;
    return image && image.state === 'available' && image.launchPermissions.has(accountId) ? [{ imageId: image.imageId, at: build.finishedAt }] : [];
  });
}

/** One group's history, told in the fleet's own terms. */
class Story {
  private group: AutoScalingGroupRecord | undefined;
  private template: LaunchTemplateRecord | undefined;

  constructor(
    private readonly seed: FleetSeed,
    private readonly name: string,
    private readonly type: WorkerTypeConfig,
    private readonly accountId: string,
    private readonly region: string,
    private readonly vpcId: string,
    private readonly securityGroup: string,
    private readonly plan: Plan,
  ) {}

  /** Terraform creates the template and the group from a build, and the group launches its instances. */
  create(build: Build, version = '1', minDesired = 2): AutoScalingGroupRecord {
    const at = new Date(build.at.getTime() + 3 * HOUR);
    return this.createWith(build.imageId, at, version, minDesired);
  }

  createFromParameter(build: Build): void {
    const parameter = `/app-sre/jenkins-worker/${this.type.key}/ami-id`;
    this.seed.fleet.parameters.set(parameter, build.imageId);
    this.createWith(`resolve:ssm:${parameter}`, new Date(build.at.getTime() + 3 * HOUR), '1', 2);
  }

  /** Someone points the template at a newer build and refreshes the group onto it. */
  refreshTo(build: Build, preferences: { minHealthyPercentage: number; instanceWarmup: number; skipMatching?: boolean }, by: string, desired = true): void {
    const { fleet } = this.seed;
    const at = new Date(build.at.getTime() + 20 * MINUTE);
    const version = this.newVersion(build, at);
    const startedBy = `arn:aws:sts::${this.accountId}:assumed-role/${by}`;
    const desiredConfiguration = desired ? { launchTemplateId: this.template?.launchTemplateId, version: String(version) } : undefined;
    fleet.startInstanceRefresh(this.name, { desiredConfiguration, preferences, startedBy }, new Date(at.getTime() + 10 * MINUTE));
    this.runUntil(new Date(at.getTime() + 2 * HOUR));
  }

  /** Terraform bumps the version; its refresh pauses at a checkpoint and someone cancels it there. */
  cancelAtCheckpoint(build: Build): void {
    const { fleet } = this.seed;
    const at = new Date(build.at.getTime() + 2 * HOUR);
    fleet.setLaunchTemplateVersion(this.name, String(this.newVersion(build, at)));
    const started = new Date(at.getTime() + 5 * MINUTE);
    const preferences = { minHealthyPercentage: 60, instanceWarmup: 120, checkpointPercentages: [60, 100], checkpointDelay: 3600 };
    fleet.startInstanceRefresh(this.name, { preferences, startedBy: `arn:aws:sts::${this.accountId}:assumed-role/app-sre-terraform/terraform` }, started);
    const cancelled = new Date(started.getTime() + 50 * MINUTE);
    this.runUntil(cancelled);
    fleet.cancelInstanceRefresh(this.name, {}, cancelled);
    this.runUntil(new Date(cancelled.getTime() + 30 * MINUTE));
  }

  /** A refresh onto a newer build loses a launch for want of capacity and rolls itself back. */
  failAndRollBack(build: Build): void {
    const { fleet } = this.seed;
    const at = new Date(build.at.getTime() + 30 * MINUTE);
    const version = this.newVersion(build, at);
    const preferences = { minHealthyPercentage: 90, instanceWarmup: 120, autoRollback: true, skipMatching: true };
    const desiredConfiguration = { launchTemplateId: this.template?.launchTemplateId, version: String(version) };
    fleet.startInstanceRefresh(this.name, { desiredConfiguration, preferences, startedBy: `arn:aws:sts::${this.accountId}:assumed-role/app-sre-admin/dnair` }, at);
    this.runUntil(new Date(at.getTime() + 4 * MINUTE));
    fleet.failNextLaunch(this.name);
    this.runUntil(new Date(at.getTime() + 2 * HOUR));
  }

  private createWith(imageId: string, at: Date, version: string, minDesired: number): AutoScalingGroupRecord {
    const { fleet, random, config } = this.seed;
    const gpu = this.type.role === 'gpu';
    this.template = fleet.createLaunchTemplate(
      {
        ownerId: this.accountId,
        region: this.region,
        name: `lt-${this.name}`,
        createdBy: terraformArn(this.accountId),
        description: `Jenkins worker ${this.type.key}`,
        data: { imageId, instanceType: gpu ? 'g4dn.xlarge' : 'm6i.large', iamInstanceProfile: 'jenkins-worker', securityGroupIds: [this.securityGroup] },
        tags: [['managed_by', 'terraform']],
      },
      at,
    );
    const maxSize = Math.max(this.seed.maxSize[this.name] ?? 6, this.seed.instancesPerGroup ?? 0);
    const zones = random.sample(['a', 'b', 'c', 'd', 'f'], random.int(2, 3)).sort().map((letter) => `${this.region}${letter}`);
    this.group = fleet.addGroup({
      name: this.name,
      arn: `arn:aws:autoscaling:${this.region}:${this.accountId}:autoScalingGroup:${random.uuid()}:autoScalingGroupName/${this.name}`,
      ownerId: this.accountId,
      region: this.region,
      createdAt: at,
      launchTemplate: { launchTemplateId: this.template.launchTemplateId, launchTemplateName: this.template.name, version },
      minSize: 1,
      maxSize,
      desiredCapacity: this.sized(random.int(Math.min(minDesired, maxSize), Math.min(maxSize, 8))),
      availabilityZones: zones,
      subnets: Object.fromEntries(zones.map((zone) => [zone, `subnet-0${random.hex(16)}`])),
      vpcId: this.vpcId,
      healthCheckGracePeriod: 300,
      defaultInstanceWarmup: this.plan === 'latest' ? undefined : 180,
      tags: [
        { key: 'Name', value: this.name, propagateAtLaunch: true },
        { key: 'pool', value: 'jenkins_worker', propagateAtLaunch: true },
        { key: config.tags.workerType, value: this.type.key, propagateAtLaunch: true },
      ],
    });
    fleet.fillCapacity(this.name, new Date(at.getTime() + 2 * MINUTE));
    this.runUntil(new Date(at.getTime() + 10 * MINUTE));
    return this.group;
  }

  /** A drawn capacity, unless the world was asked for a fixed size (the draw happens anyway, so the rest of the world stays the same). */
  private sized(drawn: number): number {
    return this.seed.instancesPerGroup ?? drawn;
  }

  /** Stories never run past the end of the history; whatever is left runs on the live clock. */
  private runUntil(at: Date): void {
    this.seed.fleet.runUntil(new Date(Math.min(at.getTime(), this.seed.historyEnd.getTime())));
  }

  private newVersion(build: Build, at: Date): number {
    if (!this.template) throw new Error(`${this.name} has no launch template yet`);
    return this.seed.fleet.createLaunchTemplateVersion(this.template.launchTemplateId, { sourceVersion: '$Latest', imageId: build.imageId, description: `AMI of build at ${build.at.toISOString()}`, createdBy: terraformArn(this.accountId) }, at).versionNumber;
  }
}

function terraformArn(accountId: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/app-sre-terraform/terraform`;
}
