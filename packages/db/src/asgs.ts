import type { AsgObservation } from '@fleet/core';
import { LONG_TRANSACTION } from './amis.ts';
import { canonicalJson } from './json-input.ts';
import type { InputJsonValue } from './generated/prisma/internal/prismaNamespace.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export * from './asg-history.ts';

export interface InstanceDetail {
  imageId: string | null;
  privateIp: string | null;
  launchTime: Date | null;
}

export interface ObservedGroup extends AsgObservation {
  workerType: string | null;
  imageId: string | null;
  imageSource: 'ami' | 'ssm' | null;
  /** EC2's view of each instance, by id. */
  details: Map<string, InstanceDetail>;
}

export interface GroupSnapshot {
  accountId: string;
  region: string;
  at: Date;
  groups: ObservedGroup[];
  /** A listing of some groups only: groups not in it are not marked gone. */
  partial?: boolean;
  /** When the previous complete listing was read: what is missing now was last seen then. */
  previousListingAt?: Date | null;
  /** Groups listed but not readable this time: left as last recorded, never marked gone. */
  kept?: string[];
}

/** The groups of one account and region as last recorded, with their live instances. */
export interface StoredGroup {
  name: string;
  launchTemplateId: string | null;
  launchTemplateName: string | null;
  launchTemplateVersion: string | null;
  imageId: string | null;
  imageSource: string | null;
  instances: Map<string, InstanceDetail>;
}

const json = (value: unknown) => value as InputJsonValue;
type Tx = Prisma.TransactionClient;
type AsgRow = Awaited<ReturnType<PrismaClient['asg']['findMany']>>[number];
type InstanceRow = Awaited<ReturnType<PrismaClient['asgInstance']['findMany']>>[number];

/** What the store knows of the named groups: enough to tell what changed and which instances are new. */
export async function loadStoredGroups(prisma: PrismaClient, names: string[]): Promise<Map<string, StoredGroup>> {
  const groups = await prisma.asg.findMany({ where: { name: { in: names }, goneAt: null }, include: { instances: { where: { goneAt: null } } } });
  return new Map(
    groups.map((g) => [
      g.name,
      {
        name: g.name,
        launchTemplateId: g.launchTemplateId,
        launchTemplateName: g.launchTemplateName,
        launchTemplateVersion: g.launchTemplateVersion,
        imageId: g.imageId,
        imageSource: g.imageSource,
        instances: new Map(g.instances.map((i) => [i.instanceId, { imageId: i.imageId, privateIp: i.privateIp, launchTime: i.launchTime }])),
      },
    ]),
  );
}

/**
 * Records the groups of one account and region with their instances, writing only what changed:
 * a listing where nothing changed writes nothing (a group still listed was seen at the source's
 * last success). Instances that left a group and groups that disappeared are marked gone, not
 * deleted, so history keeps them. Returns the groups that are new or changed in any way.
 */
export async function recordGroupSnapshot(prisma: PrismaClient, snapshot: GroupSnapshot): Promise<Set<string>> {
  const { accountId, region, at } = snapshot;
  const seenThrough = snapshot.previousListingAt ?? null;
  const names = snapshot.groups.map((g) => g.name);
  return prisma.$transaction(async (tx) => {
    const changed = new Set<string>();
    const stored = new Map((await tx.asg.findMany({ where: { name: { in: names } } })).map((row) => [row.name, row]));
    const known = new Map((await tx.asgInstance.findMany({ where: { asgName: { in: names } } })).map((row) => [row.instanceId, row]));
    for (const g of snapshot.groups) {
      const fields = groupFields(g, accountId, region);
      const row = stored.get(g.name);
      if (!row || groupChanged(row, fields)) {
        await tx.asg.upsert({ where: { name: g.name }, create: { name: g.name, ...fields, firstSeenAt: at, lastSeenAt: at }, update: { ...fields, lastSeenAt: at } });
        changed.add(g.name);
      }
      if (await recordInstances(tx, g, known, at, seenThrough)) changed.add(g.name);
    }
    if (!snapshot.partial) {
      const gone = { accountId, region, goneAt: null, name: { notIn: [...names, ...(snapshot.kept ?? [])] } };
      if (seenThrough) await tx.asg.updateMany({ where: { ...gone, lastSeenAt: { lt: seenThrough } }, data: { lastSeenAt: seenThrough } });
      await tx.asg.updateMany({ where: gone, data: { goneAt: at } });
    }
    return changed;
  }, LONG_TRANSACTION);
}

/** Writes the group's new and changed instances and marks those that left; true when anything was written. */
async function recordInstances(tx: Tx, g: ObservedGroup, known: Map<string, InstanceRow>, at: Date, seenThrough: Date | null): Promise<boolean> {
  const fresh: Prisma.AsgInstanceCreateManyInput[] = [];
  let wrote = false;
  for (const inst of g.instances) {
    const instance = instanceFields(g, inst, g.details.get(inst.instanceId));
    const row = known.get(inst.instanceId);
    if (!row) {
      fresh.push({ instanceId: inst.instanceId, ...instance, firstSeenAt: at, lastSeenAt: at });
    } else if (instanceChanged(row, instance)) {
      await tx.asgInstance.update({ where: { instanceId: inst.instanceId }, data: { ...instance, lastSeenAt: at } });
      wrote = true;
    }
  }
  if (fresh.length > 0) {
    await tx.asgInstance.createMany({ data: fresh });
    wrote = true;
  }
  const listed = new Set(g.instances.map((i) => i.instanceId));
  const left = [...known.values()].filter((row) => row.asgName === g.name && row.goneAt === null && !listed.has(row.instanceId)).map((row) => row.instanceId);
  if (left.length === 0) return wrote;
  if (seenThrough) await tx.asgInstance.updateMany({ where: { instanceId: { in: left }, lastSeenAt: { lt: seenThrough } }, data: { lastSeenAt: seenThrough } });
  await tx.asgInstance.updateMany({ where: { instanceId: { in: left } }, data: { goneAt: at } });
  return true;
}

function groupFields(g: ObservedGroup, accountId: string, region: string) {
  return {
    accountId,
    region,
    arn: g.arn,
    workerType: g.workerType,
    minSize: g.minSize,
    maxSize: g.maxSize,
    desiredCapacity: g.desiredCapacity,
    launchTemplateId: g.launchTemplate?.id ?? null,
    launchTemplateName: g.launchTemplate?.name ?? null,
    launchTemplateVersion: g.launchTemplate?.version ?? null,
    imageId: g.imageId,
    imageSource: g.imageSource,
    tags: json(g.tags),
    goneAt: null,
  };
}

function groupChanged(row: AsgRow, fields: ReturnType<typeof groupFields>): boolean {
  return (
    row.accountId !== fields.accountId ||
    row.region !== fields.region ||
    row.arn !== fields.arn ||
    row.workerType !== fields.workerType ||
    row.minSize !== fields.minSize ||
    row.maxSize !== fields.maxSize ||
    row.desiredCapacity !== fields.desiredCapacity ||
    row.launchTemplateId !== fields.launchTemplateId ||
    row.launchTemplateName !== fields.launchTemplateName ||
    row.launchTemplateVersion !== fields.launchTemplateVersion ||
    row.imageId !== fields.imageId ||
    row.imageSource !== fields.imageSource ||
    row.goneAt !== null ||
    canonicalJson(row.tags) !== canonicalJson(fields.tags)
  );
}

function instanceFields(g: ObservedGroup, inst: AsgObservation['instances'][number], detail: InstanceDetail | undefined) {
  return {
    asgName: g.name,
    availabilityZone: inst.availabilityZone,
    lifecycleState: inst.lifecycleState,
    healthStatus: inst.healthStatus,
    launchTemplateVersion: inst.launchTemplateVersion,
    imageId: detail?.imageId ?? null,
    privateIp: detail?.privateIp ?? null,
    launchTime: detail?.launchTime ?? null,
    protectedFromScaleIn: inst.protectedFromScaleIn,
    goneAt: null,
  };
}

function instanceChanged(row: InstanceRow, fields: ReturnType<typeof instanceFields>): boolean {
  return (
    row.goneAt !== null ||
    row.asgName !== fields.asgName ||
    row.availabilityZone !== fields.availabilityZone ||
    row.lifecycleState !== fields.lifecycleState ||
    row.healthStatus !== fields.healthStatus ||
    row.launchTemplateVersion !== fields.launchTemplateVersion ||
    row.imageId !== fields.imageId ||
    row.privateIp !== fields.privateIp ||
    row.launchTime?.getTime() !== fields.launchTime?.getTime() ||
    row.protectedFromScaleIn !== fields.protectedFromScaleIn
  );
}

