import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listSyncSources, MAX_SYNC_WARNINGS, recordSyncFailure, recordSyncSuccess } from './sync-sources.ts';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from './testing/index.ts';

describe.each(testDatabases())('sync source freshness on $name', (target) => {
  let db: TestDatabase;
  const source = { key: 'ec2-images:123456789012:eu-west-1', kind: 'ec2-images', accountId: '123456789012', region: 'eu-west-1' };
  const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 12, minute));

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await db?.cleanup();
  });

  beforeEach(async () => {
    await db.prisma.syncSource.deleteMany();
  });

  it('records a success with its time, duration and item count', async () => {
    await recordSyncSuccess(db.prisma, { ...source, durationMs: 812.4, itemCount: 42, at: at(0) });

    expect(await listSyncSources(db.prisma)).toEqual([
      expect.objectContaining({
        ...source,
        lastAttemptAt: at(0),
        lastSuccessAt: at(0),
        lastDurationMs: 812,
        lastItemCount: 42,
        lastErrorCode: null,
        consecutiveFailures: 0,
      }),
    ]);
  });

  it('counts consecutive failures and keeps the last success', async () => {
    await recordSyncSuccess(db.prisma, { ...source, durationMs: 800, itemCount: 42, at: at(0) });
    await recordSyncFailure(db.prisma, { ...source, durationMs: 30_000, errorCode: 'Throttling', errorMessage: 'Rate exceeded', at: at(1) });
    await recordSyncFailure(db.prisma, { ...source, durationMs: 5, errorCode: 'RequestLimitExceeded', errorMessage: 'Request limit exceeded.', at: at(2) });

    const [row] = await listSyncSources(db.prisma);

    expect(row).toMatchObject({
      lastAttemptAt: at(2),
      lastSuccessAt: at(0),
      lastItemCount: 42,
      lastDurationMs: 5,
      lastErrorCode: 'RequestLimitExceeded',
      lastErrorMessage: 'Request limit exceeded.',
      lastErrorAt: at(2),
      consecutiveFailures: 2,
    });
  });

  it('starts a source that has never succeeded at one failure and no success', async () => {
    await recordSyncFailure(db.prisma, { key: 'jenkins-computers', kind: 'jenkins-computers', durationMs: 12, errorCode: 'ECONNREFUSED', errorMessage: 'connect ECONNREFUSED 127.0.0.1:8080', at: at(0) });

    expect(await listSyncSources(db.prisma)).toEqual([
      expect.objectContaining({ key: 'jenkins-computers', accountId: null, region: null, lastSuccessAt: null, consecutiveFailures: 1 }),
    ]);
  });

  it('resets the failure count on the next success and keeps what the last error was', async () => {
    await recordSyncFailure(db.prisma, { ...source, durationMs: 10, errorCode: 'Throttling', errorMessage: 'Rate exceeded', at: at(1) });
    await recordSyncSuccess(db.prisma, { ...source, durationMs: 700, itemCount: 43, at: at(2) });

    const [row] = await listSyncSources(db.prisma);

    expect(row).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: at(2), lastItemCount: 43, lastErrorCode: 'Throttling', lastErrorAt: at(1) });
  });

  it('keeps the last good sync’s warnings through a failure, and the next success without any clears them', async () => {
    const partial = 'remote read: partial data from store "s3"';
    await recordSyncSuccess(db.prisma, { ...source, durationMs: 5, itemCount: 40, warnings: [partial, partial, 'could not read the fill prediction: timeout'], at: at(0) });
    expect((await listSyncSources(db.prisma))[0]?.lastWarnings).toEqual([partial, 'could not read the fill prediction: timeout']);

    await recordSyncFailure(db.prisma, { ...source, durationMs: 5, errorCode: 'timeout', errorMessage: 'query timed out', at: at(1) });
    expect((await listSyncSources(db.prisma))[0]?.lastWarnings).toHaveLength(2);

    await recordSyncSuccess(db.prisma, { ...source, durationMs: 5, itemCount: 40, at: at(2) });
    expect((await listSyncSources(db.prisma))[0]?.lastWarnings).toEqual([]);
  });

  it('keeps at most ten warnings of at most 500 characters and says how many more there were', async () => {
    const many = Array.from({ length: 14 }, (_, i) => `warning ${i} ${'x'.repeat(i === 0 ? 600 : 0)}`);
    await recordSyncSuccess(db.prisma, { ...source, durationMs: 5, itemCount: 1, warnings: many, at: at(0) });
    const [row] = await listSyncSources(db.prisma);
    expect(row?.lastWarnings).toHaveLength(MAX_SYNC_WARNINGS + 1);
    expect(row?.lastWarnings[0]).toHaveLength(500);
    expect(row?.lastWarnings[0]?.endsWith('…')).toBe(true);
    expect(row?.lastWarnings.at(-1)).toBe('and 4 more');
  });

  it('loses no failure when several are recorded at the same time', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        recordSyncFailure(db.prisma, { ...source, durationMs: 1, errorCode: 'Throttling', errorMessage: 'Rate exceeded', at: at(i) }),
      ),
    );

    const [row] = await listSyncSources(db.prisma);

    expect(row?.consecutiveFailures).toBe(5);
  });

  it('lists sources in key order', async () => {
    for (const key of ['prometheus-up', 'asg:123456789012:eu-west-1', 'jenkins-computers']) {
      await recordSyncSuccess(db.prisma, { key, kind: key.split(':')[0] ?? key, durationMs: 1, itemCount: 0, at: at(0) });
    }

    expect((await listSyncSources(db.prisma)).map((row) => row.key)).toEqual([
      'asg:123456789012:eu-west-1',
      'jenkins-computers',
      'prometheus-up',
    ]);
  });
});
