import type { JsonValue } from '@fleet/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { canonicalJson, jsonInput } from '../json-input.ts';

export interface CloudStateRead {
  controller: string;
  method: string;
  pluginVersion: string | null;
  cascVersion: string | null;
  fleetClouds: unknown[];
  otherClouds: unknown[];
  stats: unknown[];
  orphans: unknown[];
  at: Date;
}

/** What a controller's clouds were at this read; `changedAt` moves only when the clouds themselves differ. */
export async function recordCloudState(prisma: PrismaClient, read: CloudStateRead): Promise<void> {
  const previous = await prisma.jenkinsCloudState.findUnique({ where: { controller: read.controller }, select: { fleetClouds: true, otherClouds: true } });
  // jsonb orders an object's keys its own way: compare key-order-free text, not what JSON.stringify makes of each side.
  const same = previous !== null && canonicalJson(previous.fleetClouds) === canonicalJson(read.fleetClouds) && canonicalJson(previous.otherClouds) === canonicalJson(read.otherClouds);
  const data = {
    method: read.method,
    pluginVersion: read.pluginVersion,
    cascVersion: read.cascVersion,
    fleetClouds: jsonInput(read.fleetClouds as JsonValue),
    otherClouds: jsonInput(read.otherClouds as JsonValue),
    stats: jsonInput(read.stats as JsonValue),
    orphans: jsonInput(read.orphans as JsonValue),
    readAt: read.at,
  };
  await prisma.jenkinsCloudState.upsert({
    where: { controller: read.controller },
    create: { controller: read.controller, ...data, changedAt: read.at },
    update: same ? data : { ...data, changedAt: read.at },
  });
}

export function listCloudStates(prisma: PrismaClient) {
  return prisma.jenkinsCloudState.findMany({ orderBy: { controller: 'asc' } });
}

export function findCloudState(prisma: PrismaClient, controller: string) {
  return prisma.jenkinsCloudState.findUnique({ where: { controller } });
}
