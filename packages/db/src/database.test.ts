import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDatabase } from './database.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from './testing/index.ts';

// PGlite runs one transaction at a time, so under load a transaction waits its turn longer than
// Prisma's default 2 s.
const QUEUED_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

describe.each(testDatabases())('Prisma through adapter-pg on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
  });

  beforeEach(async () => {
    await db.prisma.infraCommit.deleteMany();
    await db.prisma.syncSource.deleteMany();
  });

  function commit(index: number) {
    return {
      sha: index.toString(16).padStart(40, '0'),
      position: index,
      authoredAt: new Date(Date.UTC(2024, 0, 1, 0, index)),
      author: 'sre@example.com',
      subject: `commit ${index}`,
      touchesPacker: index % 2 === 0,
    };
  }

  it('answers many concurrent queries, each with its own result', async () => {
    await db.prisma.infraCommit.createMany({ data: Array.from({ length: 30 }, (_, i) => commit(i)) });

    const found = await Promise.all(
      Array.from({ length: 30 }, (_, i) => db.prisma.infraCommit.findUniqueOrThrow({ where: { sha: commit(i).sha } })),
    );

    expect(found.map((row) => row.position)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('keeps the statements of many connections apart while transactions come and go', async () => {
    await db.prisma.infraCommit.createMany({ data: Array.from({ length: 20 }, (_, i) => commit(i)) });

    // Interactive transactions between plain queries are what made PGlite's socket server mix up
    // two connections' unnamed statements (see pglite-session-pinning.ts).
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, async (_, i) => {
        if (i % 4 === 0) {
          return db.prisma.$transaction(async (tx) => {
            await tx.infraCommit.count();
            await tx.syncSource.upsert({
              where: { key: `source-${i}` },
              create: { key: `source-${i}`, kind: 'probe' },
              update: { consecutiveFailures: { increment: 1 } },
            });
          }, QUEUED_TRANSACTION);
        }
        const row = await db.prisma.infraCommit.findUniqueOrThrow({ where: { sha: commit(i % 20).sha } });
        expect(row.position).toBe(i % 20);
        return db.prisma.infraCommit.findMany({ where: { position: { gt: i % 20 } }, take: 3 });
      }),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(await db.prisma.syncSource.count()).toBe(15);
  });

  it('commits an interactive transaction while other queries run', async () => {
    const [inserted] = await Promise.all([
      db.prisma.$transaction(async (tx) => {
        await tx.infraCommit.create({ data: commit(1) });
        const count = await tx.infraCommit.count();
        await tx.infraCommit.create({ data: { ...commit(2), position: count + 1 } });
        return tx.infraCommit.count();
      }),
      ...Array.from({ length: 5 }, () => db.prisma.infraCommit.count()),
    ]);

    expect(inserted).toBe(2);
    expect(await db.prisma.infraCommit.findUniqueOrThrow({ where: { sha: commit(2).sha } })).toMatchObject({ position: 2 });
  });

  it('rolls an interactive transaction back when it throws', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.infraCommit.create({ data: commit(3) });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');

    expect(await db.prisma.infraCommit.count()).toBe(0);
  });

  it('round-trips the types the schema uses: JSON, text arrays, timestamps', async () => {
    const seen = new Date('2024-05-06T07:08:09.123Z');
    await db.prisma.ami.create({
      data: {
        imageId: 'ami-0123456789abcdef0',
        accountId: '123456789012',
        region: 'eu-west-1',
        name: 'jenkins-worker-rhel8-build',
        state: 'available',
        creationDate: seen,
        tags: { Commit: 'abc123', WorkerType: 'rhel8-build' },
        sharedWith: ['210987654321'],
        firstSeenAt: seen,
        lastSeenAt: seen,
      },
    });

    expect(await db.prisma.ami.findUniqueOrThrow({ where: { imageId: 'ami-0123456789abcdef0' } })).toMatchObject({
      tags: { Commit: 'abc123', WorkerType: 'rhel8-build' },
      sharedWith: ['210987654321'],
      creationDate: seen,
      description: null,
    });
  });
});

describe('getDatabase', () => {
  const url = 'postgresql://postgres@127.0.0.1:5432/never_connected';

  it('gives every caller in the process the same database for one URL, kept on globalThis', async () => {
    const first = getDatabase(url);

    expect(getDatabase(url)).toBe(first);
    expect(Object.getOwnPropertySymbols(globalThis).map(String)).toContain('Symbol(@fleet/db.shared-databases)');

    await first.close();
    const next = getDatabase(url);
    expect(next).not.toBe(first);
    await next.close();
  });

  it('says what to set when DATABASE_URL is missing', () => {
    expect(() => getDatabase('')).toThrow(/DATABASE_URL/);
  });
});
