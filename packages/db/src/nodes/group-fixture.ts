import type { PrismaClient } from '../generated/prisma/client.ts';

/** A group and its instances as the Auto Scaling sync stores them, for the node tests. */
export async function seedGroup(
  prisma: PrismaClient,
  group: { name: string; workerType: string; instanceIds: string[]; at: Date; gone?: { ids: string[]; at: Date } },
) {
  const { name, workerType, instanceIds, at } = group;
  await prisma.asg.create({
    data: { name, accountId: '320000000002', region: 'us-east-1', arn: `arn:${name}`, workerType, minSize: 0, maxSize: 9000, desiredCapacity: instanceIds.length, tags: {}, firstSeenAt: at, lastSeenAt: at },
  });
  await prisma.asgInstance.createMany({
    data: instanceIds.map((instanceId, index) => ({
      instanceId,
      asgName: name,
      availabilityZone: index % 2 ? 'us-east-1a' : 'us-east-1b',
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
      imageId: 'ami-0123456789abcdef0',
      privateIp: `127.10.${Math.floor(index / 250)}.${(index % 250) + 1}`,
      launchTime: at,
      firstSeenAt: at,
      lastSeenAt: at,
      goneAt: group.gone?.ids.includes(instanceId) ? group.gone.at : null,
    })),
  });
}
