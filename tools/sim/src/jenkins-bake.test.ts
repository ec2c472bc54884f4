import { DescribeImageAttributeCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { BAKE_JOB } from './index.ts';
import { finishBuild, jenkinsClient, queueIdOf, runToEnd } from './jenkins-test-client.ts';
import { advanceUntil, BUILD, ec2Client, PROD, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();
const client = () => jenkinsClient(fleet.sim);
const world = () => fleet.sim.world;
const keys = () => world().config.workerTypes.map((type) => type.key);
const short = (sha: string | undefined) => (sha ?? '').slice(0, 7);
const tag = (image: Image, key: string) => image.Tags?.find((candidate) => candidate.Key === key)?.Value;

async function imagesTagged(sha: string): Promise<Image[]> {
  const answer = await ec2Client(fleet.sim, fleet.sim.credentialsFor(BUILD)).send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:infra_commit', Values: [sha] }] }));
  return answer.Images ?? [];
}

/** The item the commit's SCM trigger queued for the bake job. */
function queuedBake(): number {
  const item = world().jenkins.queue.pending().find((candidate) => candidate.job.name === BAKE_JOB);
  if (!item) throw new Error('the commit queued no bake');
  return item.id;
}

describe('the bake job', () => {
  it('bakes a commit that touches packer/: one AMI per worker type, registered as packer creates it, shared once aws-ami-share passes', async () => {
    const last = world().builds.at(-1)?.commit;
    const { commit } = await world().commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: install jq on every worker' });
    const id = queuedBake();
    expect((await client().queueItem(id)).actions.at(-1)).toEqual({ _class: 'hudson.model.CauseAction', causes: [{ _class: 'hudson.triggers.SCMTrigger$SCMTriggerCause', shortDescription: 'Started by an SCM change' }] });
    world().advance(5_000);
    const number = (await client().queueItem(id)).executable?.number ?? 0;

    let created: RegExpExecArray | null = null;
    await advanceUntil(fleet.sim, async () => (created = /^ {4}amazon-ebs\.(\S+): AMI: (ami-[0-9a-f]{17})$/m.exec(await client().console(BAKE_JOB, number))) !== null, { stepMs: 10_000, maxMs: 40 * 60_000 });
    const [, firstType, firstImage] = created ?? [];
    const [pending] = (await imagesTagged(commit.sha)).filter((image) => image.ImageId === firstImage);
    expect(pending).toMatchObject({ State: 'pending' });
    expect(tag(pending ?? {}, 'worker_type')).toBe(firstType);

    await finishBuild(fleet.sim, BAKE_JOB, number);
    const log = await client().console(BAKE_JOB, number);
    expect(log).toContain(`\n+ ./build_images.sh\npacker/ changed since ${short(last)}: building ${keys().length} worker types at ${commit.sha}\n`);
    const images = await imagesTagged(commit.sha);
    expect(images.map((image) => tag(image, 'worker_type')).sort()).toEqual([...keys()].sort());
    expect(images.every((image) => image.State === 'available' && tag(image, 'build_commit') === commit.sha)).toBe(true);
    for (const image of images) {
      const key = tag(image, 'worker_type') ?? '';
      const finished = new RegExp(`^Build 'amazon-ebs\\.${key}' finished after (\\d+) minutes?( \\d+ seconds?)?\\.$`, 'm').exec(log);
      expect(Number(finished?.[1])).toBeGreaterThanOrEqual(12);
      expect(Number(finished?.[1])).toBeLessThan(25);
      expect(log).toContain(`--> amazon-ebs.${key}: AMIs were created:\nus-east-1: ${image.ImageId}\n`);
      expect(log).toContain(`==> amazon-ebs.${key}: Creating AMI ${image.Name} from instance i-`);
    }
    expect(log).toMatch(/\n==> Wait completed after \d+ minutes? \d+ seconds?\n\n==> Builds finished\. The artifacts of successful builds are:\n/);
    expect(log.endsWith('Finished: SUCCESS\n')).toBe(true);
    expect(world().builds.at(-1)).toMatchObject({ commit: commit.sha, failed: [] });

    const ec2 = ec2Client(fleet.sim, fleet.sim.credentialsFor(BUILD));
    const permissions = async () => (await ec2.send(new DescribeImageAttributeCommand({ ImageId: firstImage, Attribute: 'launchPermission' }))).LaunchPermissions ?? [];
    await advanceUntil(fleet.sim, async () => (await permissions()).length > 0, { stepMs: 30_000, maxMs: 8 * 60_000 });
    expect(await permissions()).toEqual([{ UserId: PROD }]);
  });

  it('re-tags the newest AMIs with a commit that leaves packer/ alone', async () => {
    const last = world().builds.at(-1)?.commit;
    const newest = Object.fromEntries(keys().map((key) => [key, world().currentImage(key)?.imageId]));
    const { commit } = await world().commit({ touchesPacker: false, pipeline: 'jenkins', message: 'docs: how the portal reads the bake job' });
    const number = await runToEnd(fleet.sim, queuedBake(), { stepMs: 5_000 });
    const log = await client().console(BAKE_JOB, number);
    expect(log).toContain(`\nno packer change since ${short(last)}: re-tagging the newest AMIs with ${commit.sha}\n`);
    for (const key of keys()) expect(log).toContain(`\nRe-tagging ${newest[key]} (${key}) with infra_commit=${commit.sha}\n`);
    expect((await imagesTagged(commit.sha)).map((image) => image.ImageId).sort()).toEqual(Object.values(newest).sort());
    expect((await client().build(BAKE_JOB, number)).duration).toBeLessThan(2 * 60_000);
  });

  it('prints in packer the time that really passed when the world runs faster, as Jenkins measures the build', async () => {
    world().fleet.timeScale = 20;
    try {
      await world().commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: pin the kernel' });
      const number = await runToEnd(fleet.sim, queuedBake(), { stepMs: 5_000 });
      const log = await client().console(BAKE_JOB, number);
      const printed = /\n==> Wait completed after (.+)\n/.exec(log)?.[1] ?? '';
      const unitMs: Record<string, number> = { minute: 60_000, second: 1000, millisecond: 1 };
      const packerMs = [...printed.matchAll(/(\d+) (minute|second|millisecond)s?/g)].reduce((sum, [, n, unit]) => sum + Number(n) * (unitMs[unit!] ?? 0), 0);
      const jenkinsMs = (await client().build(BAKE_JOB, number)).duration;
      // A full bake takes 12 to 25 simulated minutes: under two real minutes at 20×.
      expect(packerMs).toBeGreaterThan(0);
      expect(packerMs).toBeLessThan(2 * 60_000);
      expect(packerMs).toBeLessThanOrEqual(jenkinsMs);
      expect(jenkinsMs - packerMs).toBeLessThan(15_000);
    } finally {
      world().fleet.timeScale = 1;
    }
  });

  it('fails the build when a worker type fails, with the failing Ansible task in its log and no AMI for that type', async () => {
    world().jenkins.failBakeOf('rhel8-gpu', { task: 'jenkins_agent : Install the JDK', message: 'No package java-17-openjdk-headless available.' });
    const { commit } = await world().commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: move to Java 21' });
    const number = await runToEnd(fleet.sim, queuedBake());
    expect(await client().build(BAKE_JOB, number)).toMatchObject({ result: 'FAILURE' });
    const log = await client().console(BAKE_JOB, number);
    expect(log).toContain('\n    amazon-ebs.rhel8-gpu: TASK [jenkins_agent : Install the JDK] *****************************************\n');
    expect(log).toContain('\n    amazon-ebs.rhel8-gpu: fatal: [default]: FAILED! => {"changed": false, "msg": "No package java-17-openjdk-headless available."}\n');
    expect(log).toMatch(/\nBuild 'amazon-ebs\.rhel8-gpu' errored after \d+ minutes? \d+ seconds?: Error executing Ansible: Non-zero exit status: exit status 2\n/);
    expect(log).toContain("\n==> Some builds didn't complete successfully and had errors:\n--> amazon-ebs.rhel8-gpu: Error executing Ansible: Non-zero exit status: exit status 2\n");
    expect(log.endsWith("Build step 'Execute shell' marked build as failure\nFinished: FAILURE\n")).toBe(true);
    const baked = (await imagesTagged(commit.sha)).map((image) => tag(image, 'worker_type'));
    expect(baked.sort()).toEqual(keys().filter((key) => key !== 'rhel8-gpu').sort());
    expect(world().builds.at(-1)?.failed).toEqual(['rhel8-gpu']);
  });

  it('bakes only the worker types asked for, at a commit named by a prefix of its sha', async () => {
    const { commit } = await world().commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: tune the GPU driver' });
    await client().post(`/queue/cancelItem?id=${queuedBake()}`);
    const answer = await client().post(`/job/${BAKE_JOB}/buildWithParameters?INFRA_COMMIT=${commit.sha.slice(0, 8)}&WORKER_TYPES=rhel8-gpu,centos7-builder`);
    const number = await runToEnd(fleet.sim, queueIdOf(answer));
    expect(await client().console(BAKE_JOB, number)).toContain(`building 2 worker types at ${commit.sha}\n`);
    expect((await imagesTagged(commit.sha)).map((image) => tag(image, 'worker_type')).sort()).toEqual(['centos7-builder', 'rhel8-gpu']);
  });

  it('fails at the checkout when the commit is not in the infra repo', async () => {
    const number = await runToEnd(fleet.sim, queueIdOf(await client().post(`/job/${BAKE_JOB}/buildWithParameters?INFRA_COMMIT=deadbeef`)), { stepMs: 5_000 });
    const log = await client().console(BAKE_JOB, number);
    expect(log).toContain(" > git rev-parse deadbeef^{commit} # timeout=10\nERROR: Couldn't find any revision to build. Verify the repository and branch configuration for this job.\nFinished: FAILURE\n");
  });

  it('leaves no half-made AMI behind when stopped while packer waits for one', async () => {
    const { commit } = await world().commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: pin the kernel' });
    const id = queuedBake();
    world().advance(5_000);
    const number = (await client().queueItem(id)).executable?.number ?? 0;
    await advanceUntil(fleet.sim, async () => / {4}amazon-ebs\.\S+: AMI: ami-/.test(await client().console(BAKE_JOB, number)), { stepMs: 10_000, maxMs: 40 * 60_000 });
    expect((await imagesTagged(commit.sha)).some((image) => image.State === 'pending')).toBe(true);
    expect((await client().post(`/job/${BAKE_JOB}/${number}/stop`)).status).toBe(302);
    expect((await imagesTagged(commit.sha)).filter((image) => image.State === 'pending')).toEqual([]);
    expect(world().builds.at(-1)?.commit).not.toBe(commit.sha);
  });
});
