import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, ec2Client, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.dispose());

const git = (...args: string[]) => execFileSync('git', ['-C', sim.infraRepoPath, ...args], { encoding: 'utf8' }).trim();
const types = () => sim.world.config.workerTypes.map((type) => type.key).sort();
const imagesTagged = (sha: string) =>
  sim.world.images.all().filter((image) => image.state === 'available' && sim.world.tagsOf(image.imageId).infra_commit === sha);

describe('the seeded world', () => {
  it('is a real git history of about forty commits over six weeks', () => {
    const log = git('log', '--format=%H %ct', 'main').split('\n');
    expect(log).toHaveLength(40);
    expect(log.map((line) => line.split(' ')[0])).toEqual(sim.world.commits.map((commit) => commit.sha).reverse());
    const times = log.map((line) => Number(line.split(' ')[1]) * 1000);
    const span = Math.max(...times) - Math.min(...times);
    expect(span).toBeGreaterThan(35 * 86_400_000);
    expect(span).toBeLessThan(43 * 86_400_000);
  });

  it('comes out the same, shas and AMI ids, from the same seed', async () => {
    const again = await startTestSimulator();
    try {
      expect(again.world.commits.map((commit) => commit.sha)).toEqual(sim.world.commits.map((commit) => commit.sha));
      expect(again.world.images.all().map((image) => image.imageId)).toEqual(sim.world.images.all().map((image) => image.imageId));
    } finally {
      await again.dispose();
    }
  });

  it('rebuilds on the commits that touch packer/ and only on those', () => {
    const touchingPacker = new Set(git('log', '--format=%H', 'main', '--', 'packer/').split('\n'));
    expect(touchingPacker.size).toBeGreaterThan(5);
    for (const commit of sim.world.commits) {
      expect(touchingPacker.has(commit.sha)).toBe(commit.touchesPacker);
      expect(sim.world.builds.some((build) => build.commit === commit.sha)).toBe(commit.touchesPacker);
    }
  });

  it('has a build that failed for every type, and the re-tag after it carries the AMIs from before', () => {
    const failed = sim.world.scenario?.failedBuildCommit ?? '';
    const index = sim.world.commits.findIndex((commit) => commit.sha === failed);
    expect(sim.world.builds.find((build) => build.commit === failed)?.failed.sort()).toEqual(types());
    expect(sim.world.images.all().some((image) => sim.world.tagsOf(image.imageId).build_commit === failed)).toBe(false);
    const next = sim.world.commits[index + 1];
    expect(next?.touchesPacker).toBe(false);
    const carried = sim.world.retags.find((retag) => retag.commit === next?.sha)?.images ?? {};
    expect(Object.keys(carried).sort()).toEqual(types());
    const failedAt = sim.world.commits[index]?.date ?? new Date(0);
    expect(Object.values(carried).every((id) => (sim.world.images.get(id)?.creationDate ?? failedAt) < failedAt)).toBe(true);
  });

  it('has a build where one worker type failed', () => {
    const partial = sim.world.scenario?.partialFailure;
    const build = sim.world.builds.find((candidate) => candidate.commit === partial?.commit);
    expect(build?.failed).toEqual([partial?.workerType]);
    expect(Object.keys(build?.images ?? {})).toHaveLength(types().length - 1);
  });

  it('has one AMI whose commit tag is no sha', () => {
    const tags = sim.world.tagsOf(sim.world.scenario?.malformedCommitTag ?? '');
    expect(tags.infra_commit).toMatch(/^[0-9a-f]{7}-dirty$/);
  });
});

describe('world mutations', () => {
  it('re-tags the current AMIs on a commit that leaves packer alone', async () => {
    const before = new Map(types().map((type) => [type, sim.world.currentImage(type)]));
    const { commit, retagged } = await sim.world.commit({ touchesPacker: false, message: 'docs: explain the portal' });
    expect(git('log', '-1', '--format=%H %s')).toBe(`${commit.sha} docs: explain the portal`);
    expect(git('diff-tree', '--no-commit-id', '--name-only', '-r', commit.sha)).not.toMatch(/^packer\//m);
    expect(retagged.map((image) => image.imageId).sort()).toEqual([...before.values()].map((image) => image?.imageId).sort());
    for (const image of retagged) {
      const tags = sim.world.tagsOf(image.imageId);
      expect(tags.infra_commit).toBe(commit.sha);
      expect(tags.build_commit).not.toBe(commit.sha);
    }
    const seen = await ec2Client(sim, sim.credentialsFor(BUILD)).send(
      new DescribeImagesCommand({ Filters: [{ Name: 'tag:infra_commit', Values: [commit.sha] }] }),
    );
    expect(seen.Images).toHaveLength(types().length);
  });

  it('bakes a new AMI per worker type on a commit that touches packer', async () => {
    const { commit, build } = await sim.world.commit({ touchesPacker: true, message: 'packer: harden sshd' });
    expect(git('diff-tree', '--no-commit-id', '--name-only', '-r', commit.sha)).toMatch(/^packer\//m);
    const built = imagesTagged(commit.sha);
    expect(built.map((image) => sim.world.tagsOf(image.imageId).worker_type).sort()).toEqual(types());
    expect(built.every((image) => sim.world.tagsOf(image.imageId).build_commit === commit.sha)).toBe(true);
    expect(built.every((image) => image.launchPermissions.size === 0)).toBe(true);
    expect(Object.values(build?.images ?? {}).sort()).toEqual(built.map((image) => image.imageId).sort());
  });

  it('leaves no AMI for a failed build, and the next re-tag carries the previous ones', async () => {
    const previous = sim.world.currentImage('rhel8-gpu')?.imageId;
    const failed = await sim.world.failBuild({ message: 'packer: move to ansible-core 2.17' });
    expect(imagesTagged(failed.commit.sha)).toEqual([]);
    const { commit } = await sim.world.commit({ touchesPacker: false, message: 'terraform: pin the provider' });
    expect(sim.world.tagsOf(previous ?? '').infra_commit).toBe(commit.sha);
    expect(git('log', '-3', '--format=%s')).toBe('terraform: pin the provider\npacker: move to ansible-core 2.17\npacker: harden sshd');
  });

  it('lets the previous AMI become current again once the newest is deregistered', async () => {
    const newest = sim.world.currentImage('centos7-builder');
    sim.world.deregister(newest?.imageId ?? '');
    const { commit } = await sim.world.commit({ touchesPacker: false });
    const current = sim.world.currentImage('centos7-builder');
    expect(current?.imageId).not.toBe(newest?.imageId);
    expect(sim.world.tagsOf(current?.imageId ?? '').infra_commit).toBe(commit.sha);
  });

  it('shares and unshares an AMI with the production accounts', () => {
    const image = sim.world.currentImage('rhel7-builder');
    sim.world.unshare(image?.imageId ?? '');
    expect(image?.launchPermissions.size).toBe(0);
    sim.world.share(image?.imageId ?? '');
    expect([...(image?.launchPermissions ?? [])]).toEqual(sim.world.productionAccountIds);
  });
});

describe('the data folder', () => {
  it('is never wiped when it holds an infra folder the simulator did not make', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fleet-sim-'));
    await mkdir(join(dataDir, 'infra'));
    await writeFile(join(dataDir, 'infra', 'precious.txt'), 'keep me');
    try {
      await expect(startTestSimulator({ dataDir })).rejects.toThrow(/was not made by the simulator/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
