import type { ExporterRecord } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncExporterSignals } from './exporter.ts';

const NODE = 'i-0123456789abcdef0';
const AT = new Date(Date.UTC(2026, 10, 29, 6, 0));

function reading(instanceId: string, diskUsedPercent: number): ExporterRecord {
  return {
    instanceId,
    up: true,
    error: null,
    diskUsedPercent,
    diskMountpoint: '/',
    inodesUsedPercent: 5,
    loadPerCore: 0.2,
    memoryAvailablePercent: 70,
    diskFullInHours: null,
    inodesFullInHours: null,
    bootTime: AT,
  };
}

describe.each(testDatabases())('node-exporter figures into $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
    await db.prisma.node.create({ data: { instanceId: NODE, statusSince: AT, evaluatedAt: AT, firstSeenAt: AT, lastSeenAt: AT } });
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
  });

  it('stores the figures of nodes named by instance id, and warns about the targets it cannot join', async () => {
    const read = async () => ({
      signals: [reading(NODE, 61), reading('ip-10-1-2-3.ec2.internal:9100', 99), reading('build-host-7', 99)],
      warnings: ['remote read: partial data from store "s3"'],
    });
    const result = await syncExporterSignals({ prisma: db.prisma, now: () => AT, read });

    expect(result).toEqual({
      targets: 1,
      warnings: [
        'remote read: partial data from store "s3"',
        '2 node-exporter targets are not named by an EC2 instance id ("ip-10-1-2-3.ec2.internal:9100", "build-host-7"): relabel the instance label to the instance id to join them to nodes',
      ],
    });
    expect(await db.prisma.node.findUniqueOrThrow({ where: { instanceId: NODE } })).toMatchObject({ diskUsedPercent: 61, exporterObservedAt: AT });
  });

  it('says nothing when every target is a node', async () => {
    const result = await syncExporterSignals({ prisma: db.prisma, now: () => AT, read: async () => ({ signals: [reading(NODE, 62)], warnings: [] }) });
    expect(result).toEqual({ targets: 1, warnings: [] });
  });
});
