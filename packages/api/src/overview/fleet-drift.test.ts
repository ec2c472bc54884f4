import { TEST_DATABASE_TIMEOUT_MS, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRefreshWorld, type RefreshWorld } from '../test/refresh-world.ts';

describe.each(testDatabases())('the fleet’s drift on the Overview and the lineage, on $name', (target) => {
  let world: RefreshWorld;

  beforeAll(async () => {
    world = await openRefreshWorld(target);
    await world.syncLineage();
  }, 2 * TEST_DATABASE_TIMEOUT_MS);
  afterAll(() => world?.close());

  /** Per group, as the simulated AWS has it: its instances, and those not on its worker type's newest AMI. */
  function simulatedDrift() {
    const { fleet } = world.sim.world;
    return world.config.workerTypes.flatMap((type) =>
      type.asgs.map((name) => {
        const newest = world.sim.world.currentImage(type.key)!.imageId;
        const instances = fleet.instancesOf(name);
        return { name, workerType: type.key, instances: instances.length, older: instances.filter((i) => i.imageId !== newest).length };
      }),
    );
  }

  it('counts the groups behind their newest AMI and the instances on older AMIs, per worker type and for the fleet', async () => {
    const overview = await world.oscar.overview.get();
    const expected = simulatedDrift();
    const groups = overview.workerTypes.flatMap((t) => t.groups.map((g) => ({ ...g, workerType: t.key })));
    expect(groups.map((g) => g.name).sort()).toEqual(expected.map((g) => g.name).sort());
    for (const e of expected) expect(groups.find((g) => g.name === e.name)).toMatchObject({ workerType: e.workerType, instances: e.instances, onOlderAmi: e.older });
    const behind = Object.keys(world.sim.world.scenario!.fleet!.behind);
    expect(groups.filter((g) => g.upToDate === false).map((g) => g.name).sort()).toEqual(expect.arrayContaining(behind.sort()));
    expect(overview.fleetDrift).toEqual({
      groups: expected.length,
      groupsBehind: groups.filter((g) => g.upToDate === false).length,
      instances: expected.reduce((n, g) => n + g.instances, 0),
      instancesOnOlderAmis: expected.reduce((n, g) => n + g.older, 0),
    });
    expect(overview.fleetDrift.groupsBehind).toBeGreaterThan(0);
  });

  it('marks on the lineage the commit each group runs: the newest commit tag its template’s AMI carried', async () => {
    const grid = await world.oscar.lineage.grid({ perPage: 500 });
    for (const group of await world.db.prisma.asg.findMany({ where: { goneAt: null } })) {
      const tagged = world.sim.world.images.get(group.imageId!)!.tags.get(world.config.aws.buildAccount.id)!.get(world.config.tags.commit)!;
      const marked = Object.entries(grid.groupMarks).filter(([, byType]) => byType[group.workerType!]?.includes(group.name));
      expect(marked.map(([sha]) => sha), group.name).toEqual([tagged]);
    }
  });
});
