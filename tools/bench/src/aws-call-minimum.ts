import type { FleetConfig } from '@fleet/core';
import type { World } from '@fleet/sim';

export type Pass = 'first' | 'steady';

/** EC2's and Auto Scaling's largest pages, per botocore's models and AWS's API reference. */
const PAGE = { images: 1000, instances: 1000, statuses: 1000, templateVersions: 200, groupNames: 100 };
const TERMINATED_VISIBLE_MS = 3_600_000;
const SSM = 'resolve:ssm:';

/**
 * The fewest calls, per API, that learn what the portal shows about the world, worked out from the
 * simulated world itself (not from what the syncs did). A first sync must read everything once;
 * a pass where nothing changed must still list what AWS alone knows has not changed:
 * - the build account's AMIs (tags move on re-tags): pages of 1,000 per region;
 * - which AMIs each production account may launch: pages of 1,000 per account and region, from
 *   that account, and one DescribeImageAttribute per public AMI, whose grants only its owner sees;
 * - the groups: one DescribeAutoScalingGroups per account and region (100 names a call);
 * - instances' addresses on a first sync: pages of 1,000 (nothing of them changes later);
 * - launch template versions (a version never changes): on a first sync one listing of every
 *   template's $Latest and $Default (200 versions a page) and a call per template for any other
 *   version in use; on every pass a group on $Latest or $Default needs that listing again (or one
 *   call when it is the only template), and SSM parameters need resolving (one call for one
 *   template, one listing for several);
 * - refreshes and scaling activities: each group once on a first sync, then only groups that are
 *   refreshing or not at rest (short of capacity, launching, terminating, unhealthy);
 * - status checks: pages of 1,000 per account and region;
 * - on a first sync each production account's role assumed once and each account's identity checked.
 */
export function minimumCalls(world: World, config: FleetConfig, pass: Pass): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (api: string, n: number) => (counts[api] = (counts[api] ?? 0) + n);
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const build = config.aws.buildAccount;
  const live = world.images.all().filter((image) => image.ownerId === build.id && image.state !== 'deregistered');

  for (const region of build.regions) {
    const here = live.filter((image) => image.region === region);
    add('DescribeImages', pages(here.filter((image) => world.images.tagsSeenBy(image, build.id).has(config.tags.workerType)).length, PAGE.images));
    for (const account of config.aws.productionAccounts) {
      add('DescribeImages', pages(here.filter((image) => image.isPublic || image.launchPermissions.has(account.id)).length, PAGE.images));
    }
    add('DescribeImageAttribute', here.filter((image) => image.isPublic).length);
  }

  const names = config.workerTypes.flatMap((type) => type.asgs);
  const now = world.clock().getTime();
  for (const account of config.aws.productionAccounts) {
    for (const region of account.regions) {
      add('DescribeAutoScalingGroups', Math.ceil(names.length / PAGE.groupNames));
      const groups = world.fleet.groups().filter((g) => g.ownerId === account.id && g.region === region && names.includes(g.name));
      const members = groups.flatMap((g) => world.fleet.instancesOf(g.name));
      if (pass === 'first' && members.length > 0) add('DescribeInstances', Math.ceil(members.length / PAGE.instances));
      add('DescribeLaunchTemplateVersions', templateVersionCalls(world, account.id, region, groups, pass));
      const followed = pass === 'first' ? groups : groups.filter((g) => world.fleet.activeRefresh(g.name) !== undefined || !atRest(world, g.name, g.desiredCapacity));
      add('DescribeInstanceRefreshes', followed.length);
      add('DescribeScalingActivities', followed.length);
      const visible = world.fleet.instances.all().filter((i) => i.ownerId === account.id && i.region === region && (!i.terminatedAt || now - i.terminatedAt.getTime() < TERMINATED_VISIBLE_MS));
      add('DescribeInstanceStatus', pages(visible.length, PAGE.statuses));
    }
  }
  if (pass === 'first') {
    add('AssumeRole', config.aws.productionAccounts.filter((account) => account.roleArn).length);
    add('GetCallerIdentity', 1 + config.aws.productionAccounts.length);
  }
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

function atRest(world: World, group: string, desired: number): boolean {
  const members = world.fleet.instancesOf(group);
  return members.length === desired && members.every((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy');
}

function templateVersionCalls(world: World, accountId: string, region: string, groups: ReturnType<World['fleet']['groups']>, pass: Pass): number {
  const templates = world.fleet.launchTemplates.all(accountId, region);
  const listing = Math.ceil((2 * templates.length) / PAGE.templateVersions);
  const uses = groups.map((g) => {
    const template = templates.find((t) => t.launchTemplateId === g.launchTemplate.launchTemplateId)!;
    const version = world.fleet.launchTemplates.version(template, g.launchTemplate.version)!;
    const latest = Math.max(...template.versions.map((v) => v.versionNumber));
    const current = version.versionNumber === latest || version.versionNumber === template.defaultVersion;
    return { template: template.launchTemplateId, current, moving: g.launchTemplate.version.startsWith('$'), ssm: version.data.imageId?.startsWith(SSM) ?? false };
  });
  const calls = (wanted: typeof uses) => {
    const distinct = new Set(wanted.map((u) => u.template));
    if (distinct.size === 0) return 0;
    if (distinct.size === 1) return 1;
    return listing + new Set(wanted.filter((u) => !u.current).map((u) => u.template)).size;
  };
  return calls(pass === 'first' ? uses : uses.filter((u) => u.moving)) + calls(uses.filter((u) => u.ssm));
}
