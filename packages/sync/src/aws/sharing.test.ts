import { describeLaunchPermissions } from '@fleet/aws';
import { testDatabases } from '@fleet/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedImageClients, useDemoWorld } from '../testing/index.ts';
import type { ImageClients } from './images.ts';
import { syncImages } from './images.ts';
import { checkSharing } from './sharing.ts';

describe.each(testDatabases())('which AMIs production may launch, on the demo world, into $name', (target) => {
  const world = useDemoWorld(target);
  let clients: ImageClients;
  const region = 'us-east-1';
  const build = () => world.config.aws.buildAccount;
  const prisma = () => world.db.prisma;

  /** The owner's answer, one DescribeImageAttribute per AMI, as the portal used to ask. */
  async function perAmiAnswer(): Promise<Record<string, string[]>> {
    const rows = await prisma().ami.findMany({ where: { deregisteredAt: null }, select: { imageId: true } });
    const answers: Record<string, string[]> = {};
    for (const { imageId } of rows) {
      const permissions = await describeLaunchPermissions(clients.ec2, imageId, 'EC2');
      answers[imageId] = [...permissions.accountIds, ...(permissions.isPublic ? ['all'] : [])].sort();
    }
    return answers;
  }

  async function storedAnswer(): Promise<Record<string, string[]>> {
    const rows = await prisma().ami.findMany({ where: { deregisteredAt: null }, select: { imageId: true, sharedWith: true } });
    return Object.fromEntries(rows.map((row) => [row.imageId, row.sharedWith]));
  }

  const check = () => checkSharing({ prisma: prisma(), now: () => new Date(), owner: build(), region, ownerEc2: clients.ec2, production: clients.production });

  beforeAll(async () => {
    clients = simulatedImageClients(world.sim, world.config);
    await syncImages({ prisma: prisma(), config: world.config, now: () => new Date(), account: build(), region, clients });
  });

  it('is the same answer from one listing per production account as from one call per AMI', async () => {
    const { sim } = world;
    sim.calls.clear();
    expect(await check()).toBe(Object.keys(await storedAnswer()).length);
    expect(sim.calls.byAction()).toEqual({ DescribeImages: 1 });
    const stored = await storedAnswer();
    expect(Object.values(stored).filter((accounts) => accounts.length > 0).length).toBeGreaterThan(60);
    expect(stored).toEqual(await perAmiAnswer());
  });

  it('asks the owner only about public AMIs, whose grants a listing cannot tell, and still agrees', async () => {
    const { sim, config } = world;
    const [sharedAndPublic, publicOnly] = Object.entries(await storedAnswer())
      .filter(([, accounts]) => accounts.length > 0)
      .map(([imageId]) => sim.world.images.get(imageId)!);
    sim.world.unshare(publicOnly!.imageId);
    sharedAndPublic!.isPublic = true;
    publicOnly!.isPublic = true;
    try {
      sim.calls.clear();
      await check();
      expect(sim.calls.byAction()).toEqual({ DescribeImages: 1, DescribeImageAttribute: 2 });
      const stored = await storedAnswer();
      expect(stored[sharedAndPublic!.imageId]).toEqual([config.aws.productionAccounts[0]!.id, 'all']);
      expect(stored[publicOnly!.imageId]).toEqual(['all']);
      expect(stored).toEqual(await perAmiAnswer());
    } finally {
      sharedAndPublic!.isPublic = false;
      publicOnly!.isPublic = false;
      sim.world.share(publicOnly!.imageId);
    }
  });

  it('writes only the AMIs whose sharing changed', async () => {
    const { sim } = world;
    await check();
    const victim = Object.entries(await storedAnswer()).find(([, accounts]) => accounts.length > 0)![0];
    sim.world.unshare(victim);
    try {
      const before = await prisma().ami.findMany({ select: { imageId: true, sharedCheckedAt: true } });
      await check();
      const after = await prisma().ami.findMany({ select: { imageId: true, sharedCheckedAt: true, sharedWith: true } });
      const rewritten = after.filter((row) => row.sharedCheckedAt?.getTime() !== before.find((b) => b.imageId === row.imageId)?.sharedCheckedAt?.getTime());
      expect(rewritten.map((row) => [row.imageId, row.sharedWith])).toEqual([[victim, []]]);
    } finally {
      sim.world.share(victim);
    }
  });
});
