import { TEST_DATABASE_TIMEOUT_MS, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshFacts } from '../asgs/refresh-facts.ts';
import { openRefreshWorld, type RefreshWorld } from '../test/refresh-world.ts';

const START = 'asg.refresh.start';

describe.each(testDatabases())('a worker type’s newest AMI after a rebuild at an old commit, on $name', (target) => {
  let world: RefreshWorld;
  const historyEnd = new Date(Date.UTC(2025, 2, 14));
  const frozenAt = new Date(historyEnd.getTime() + 3_600_000);

  beforeAll(async () => {
    world = await openRefreshWorld(target, { historyEnd, clock: () => frozenAt, timeScale: 1 });
    await world.syncLineage();
  }, 2 * TEST_DATABASE_TIMEOUT_MS);
  afterAll(() => world?.close());

  /** The worker type whose bake failed at an old commit: the lineage's missing cell a Rebuild fills. */
  const missing = () => world.sim.world.scenario!.partialFailure!;
  const groupOf = (workerType: string) => world.config.workerTypes.find((t) => t.key === workerType)!.asgs[0]!;

  async function standing(workerType: string) {
    const overview = await world.oscar.overview.get();
    const type = overview.workerTypes.find((t) => t.key === workerType)!;
    const group = groupOf(workerType);
    const { preview } = await world.oscar.actions.preview({ action: START, target: group, input: { preferences: { minHealthyPercentage: 50, skipMatching: false } } });
    const facts = (preview.details as { facts: RefreshFacts }).facts;
    return {
      newest: type.newestAmi?.imageId,
      commitsBehindHead: type.commitsBehindHead,
      group: type.groups.find((g) => g.name === group),
      refresh: { newest: facts.newest?.imageId, commitsBehindNewest: facts.commitsBehindNewest },
    };
  }

  it('stays the AMI carrying the head: the Overview, the group’s drift and the refresh facts all agree', async () => {
    const { workerType, commit } = missing();
    const before = await standing(workerType);
    const atHead = world.sim.world.currentImage(workerType)!.imageId;
    expect(before).toMatchObject({ newest: atHead, commitsBehindHead: 0, refresh: { newest: atHead } });

    const rebuild = world.sim.world.build({ commit, workerTypes: [workerType] });
    await world.syncLineage();
    const rebuilt = await world.db.prisma.ami.findUniqueOrThrow({ where: { imageId: rebuild.images[workerType]! } });
    const head = await world.db.prisma.ami.findUniqueOrThrow({ where: { imageId: atHead } });
    // The rebuilt AMI is the one made last, and the lineage sees it built at the old commit.
    expect(rebuilt.creationDate.getTime()).toBeGreaterThan(head.creationDate.getTime());
    expect(rebuilt.currentCommit).toBe(commit);
    const positions = await world.db.prisma.infraCommit.findMany({ where: { sha: { in: [commit] } } });
    expect(positions[0]!.position).toBeGreaterThan(0);

    expect(await standing(workerType)).toEqual(before);
  });
});
