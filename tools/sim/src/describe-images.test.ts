import { DescribeImagesCommand, paginateDescribeImages, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, ec2Client, rejection, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;
let ec2: EC2Client;

beforeAll(async () => {
  sim = await startTestSimulator();
  ec2 = ec2Client(sim, sim.credentialsFor(BUILD));
});
afterAll(() => sim.dispose());

const tag = (image: Image, key: string) => image.Tags?.find((t) => t.Key === key)?.Value;
const liveImages = () => sim.world.images.all().filter((image) => image.state !== 'deregistered');

describe('DescribeImages', () => {
  it('pages through every image of the owner with the SDK paginator, each exactly once', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateDescribeImages({ client: ec2, pageSize: 25 }, { Owners: ['self'] })) {
      pages.push(page.Images?.length ?? 0);
      ids.push(...(page.Images ?? []).map((image) => image.ImageId ?? ''));
    }
    const expected = liveImages().map((image) => image.imageId);
    expect(pages.length).toBe(Math.ceil(expected.length / 25));
    expect(pages.slice(0, -1).every((size) => size === 25)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expected.sort());
  });

  it('returns everything in one answer without MaxResults', async () => {
    const answer = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(answer.Images).toHaveLength(liveImages().length);
    expect(answer.NextToken).toBeUndefined();
  });

  it('parses every field the SDK knows of an AMI built by the pipeline', async () => {
    const current = sim.world.currentImage('rhel8-builder');
    const [image] = (await ec2.send(new DescribeImagesCommand({ ImageIds: [current?.imageId ?? ''] }))).Images ?? [];
    expect(image).toMatchObject({
      ImageId: current?.imageId,
      OwnerId: BUILD,
      State: 'available',
      Public: false,
      Architecture: 'x86_64',
      RootDeviceType: 'ebs',
      PlatformDetails: 'Red Hat Enterprise Linux',
      ImageLocation: `${BUILD}/${current?.name}`,
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 100, VolumeType: 'gp3', DeleteOnTermination: true } }],
    });
    expect(image?.Name).toMatch(/^jenkins-worker-rhel8-builder-\d{12}$/);
    expect(image?.CreationDate).toBe(current?.creationDate.toISOString());
    expect(tag(image ?? {}, 'worker_type')).toBe('rhel8-builder');
    expect(tag(image ?? {}, 'infra_commit')).toBe(sim.world.head().sha);
  });

  it('filters by tag value with wildcards, by tag key and by name', async () => {
    const byTag = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:worker_type', Values: ['rhel8-*', 'centos7-teste?'] }] }),
    );
    const types = new Set(byTag.Images?.map((image) => tag(image, 'worker_type')));
    expect([...types].sort()).toEqual(['centos7-tester', 'rhel8-builder', 'rhel8-gpu', 'rhel8-tester']);

    const byName = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['jenkins-worker-rhel8-gpu-*'] }, { Name: 'state', Values: ['available'] }] }),
    );
    expect(byName.Images?.length).toBeGreaterThan(3);
    expect(byName.Images?.every((image) => image.Name?.startsWith('jenkins-worker-rhel8-gpu-'))).toBe(true);

    const noSuchKey = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'tag-key', Values: ['no_such_tag'] }] }));
    expect(noSuchKey.Images).toEqual([]);
  });

  it('takes a literal * in a filter when it is escaped', async () => {
    const answer = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['jenkins-worker-\\*'] }] }));
    expect(answer.Images).toEqual([]);
  });

  it('finds the images carrying one commit through its tag, as the lineage does', async () => {
    const head = sim.world.head().sha;
    const answer = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:infra_commit', Values: [head] }] }));
    expect(answer.Images?.map((image) => tag(image, 'worker_type')).sort()).toEqual(sim.world.config.workerTypes.map((type) => type.key).sort());
  });
});

describe('DescribeImages errors', () => {
  it('refuses MaxResults together with ImageIds', async () => {
    const error = await rejection(ec2.send(new DescribeImagesCommand({ ImageIds: [liveImages()[0]?.imageId ?? ''], MaxResults: 10 })));
    expect(error.name).toBe('InvalidParameterCombination');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('refuses a page size outside 5..1000', async () => {
    const error = await rejection(ec2.send(new DescribeImagesCommand({ MaxResults: 4 })));
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toContain('between 5 and 1000');
  });

  it('tells a malformed image id from one that does not exist', async () => {
    const malformed = await rejection(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-xyz'] })));
    expect(malformed.name).toBe('InvalidAMIID.Malformed');
    const missing = await rejection(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
    expect(missing.name).toBe('InvalidAMIID.NotFound');
    expect(missing.message).toBe("The image id '[ami-0123456789abcdef0]' does not exist");
    expect(missing.$metadata?.httpStatusCode).toBe(400);
  });

  it('no longer knows the deregistered AMIs', async () => {
    const [gone] = sim.world.scenario?.deregistered ?? [];
    expect(gone).toBeDefined();
    const error = await rejection(ec2.send(new DescribeImagesCommand({ ImageIds: [gone ?? ''] })));
    expect(error.name).toBe('InvalidAMIID.NotFound');
    const all = await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(all.Images?.some((image) => image.ImageId === gone)).toBe(false);
  });

  it('rejects an unknown filter and a forged pagination token', async () => {
    const filter = await rejection(ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })));
    expect(filter.name).toBe('InvalidParameterValue');
    const token = await rejection(ec2.send(new DescribeImagesCommand({ MaxResults: 5, NextToken: 'not-a-token' })));
    expect(token.name).toBe('InvalidPaginationToken');
  });
});
