import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frozenWorld, nodeScenario, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator(frozenWorld());
});
afterAll(() => sim.dispose());

const HOUR = 3_600_000;
const scenario = () => nodeScenario(sim);
const node = (id: string | undefined) => sim.world.nodes.require(id ?? '');

describe('the seeded nodes', () => {
  it('put each demo failure on its own in-service instance', () => {
    const { staleAgent, ...failures } = scenario();
    const ids = Object.values(failures);
    expect(ids.every((id) => sim.world.fleet.instances.get(id ?? '')?.lifecycleState === 'InService')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sim.world.nodes.agent(staleAgent ?? '')?.state.connection).toBe('disconnected');
    expect(sim.world.fleet.instances.get(staleAgent ?? '')?.state ?? 'terminated').toBe('terminated');
  });

  it('are what the scenario says they are', () => {
    const s = scenario();
    const used = (id: string | undefined) => 1 - node(id).disk.availBytes / node(id).disk.sizeBytes;
    expect(used(s.diskAlmostFull)).toBeCloseTo(0.96, 2);
    expect(node(s.inodesExhausted).disk.filesFree).toBeLessThan(50);
    expect(node(s.agentTemporarilyOffline).agent).toMatchObject({ connection: 'online', temporarilyOffline: { message: 'disk cleanup by sre' } });
    expect(node(s.agentTemporarilyOffline).statusChecks).toMatchObject({ system: 'ok', instance: 'ok' });
    expect(node(s.agentDisconnected).agent.disconnectCause).toMatch(/^Connection was broken/);
    expect(node(s.instanceImpaired).statusChecks.instance).toBe('impaired');
    expect(node(s.scheduledRetirement).events.map((event) => event.code)).toEqual(['instance-retirement']);
    expect(node(s.exporterDown)).toMatchObject({ exporterAnswers: false, agent: { connection: 'online' } });
    expect(node(s.noAgent).agent.connection).toBe('absent');
    expect(sim.world.nodes.agent(s.noAgent ?? '')).toBeUndefined();
  });

  it('come out the same from the same seed', async () => {
    const again = await startTestSimulator(frozenWorld());
    try {
      expect(again.world.scenario?.nodes).toEqual(scenario());
      const ids = sim.world.fleet.instances.all().map((instance) => instance.instanceId);
      expect(ids.map((id) => again.world.nodes.require(id))).toEqual(ids.map((id) => node(id)));
    } finally {
      await again.dispose();
    }
  });
});

describe('nodes over simulated time', () => {
  it('fill a disk at its rate until it is full, and no further', () => {
    const id = scenario().diskFillingUp;
    const start = node(id).disk;
    expect(start.fillBytesPerSecond).toBeGreaterThan(0);
    expect(start.availBytes / start.fillBytesPerSecond / 3600).toBeGreaterThan(4);
    expect(start.availBytes / start.fillBytesPerSecond / 3600).toBeLessThan(6);
    sim.world.advance(HOUR);
    expect(node(id).disk.availBytes).toBe(Math.round(start.availBytes - start.fillBytesPerSecond * 3600));
    sim.world.advance(6 * HOUR);
    expect(node(id).disk.availBytes).toBe(0);
  });

  it('take what a test sets as of now, and move on from there', () => {
    const id = sim.world.fleet.instances.all().find((instance) => instance.state === 'running')?.instanceId ?? '';
    sim.world.nodes.set(id, { disk: { availBytes: 20e9, fillBytesPerSecond: 1000 }, load1: 7.5, exporterAnswers: false });
    sim.world.advance(10_000);
    expect(node(id).disk.availBytes).toBe(20e9 - 10_000);
    expect(node(id)).toMatchObject({ load1: 7.5, exporterAnswers: false });
    sim.world.nodes.set(id, { statusChecks: { system: 'impaired' }, agent: { connection: 'disconnected', disconnectCause: 'Agent went offline during the build' } });
    expect(node(id).statusChecks).toMatchObject({ system: 'impaired', impairedSince: sim.world.clock() });
    expect(node(id).agent).toMatchObject({ connection: 'disconnected', disconnectCause: 'Agent went offline during the build', busyExecutors: 0 });
  });

  it('bring a new instance’s agent in after it boots, and take it away a little after it terminates', () => {
    const group = sim.world.scenario?.fleet.current[0] ?? '';
    const before = new Set(sim.world.fleet.instancesOf(group).map((instance) => instance.instanceId));
    sim.world.fleet.setDesiredCapacity(group, sim.world.fleet.requireGroup(group).desiredCapacity + 1);
    const fresh = sim.world.fleet.instancesOf(group).find((instance) => !before.has(instance.instanceId));
    const agent = () => sim.world.nodes.agent(fresh?.instanceId ?? '')?.state.connection ?? 'absent';
    expect([agent(), node(fresh?.instanceId).exporterAnswers]).toEqual(['absent', false]);
    sim.world.advance(60_000);
    expect([agent(), node(fresh?.instanceId).exporterAnswers]).toEqual(['connecting', true]);
    sim.world.advance(100_000);
    expect(agent()).toBe('online');
    expect(node(fresh?.instanceId).bootTime.getTime()).toBeGreaterThan(fresh?.launchTime.getTime() ?? 0);
    sim.world.fleet.setDesiredCapacity(group, sim.world.fleet.requireGroup(group).desiredCapacity - 1);
    const leaving = sim.world.fleet.instances.all().find((instance) => instance.groupName === group && instance.lifecycleState === 'Terminating')?.instanceId ?? '';
    sim.world.advance(30_000);
    expect(sim.world.nodes.agent(leaving)?.state).toMatchObject({ connection: 'disconnected', disconnectCause: expect.stringMatching(/^Connection was broken/) });
    sim.world.advance(20_000);
    expect(sim.world.nodes.agent(leaving)).toBeUndefined();
  });

  it('toggle an agent offline and back, as Jenkins’s toggleOffline does', () => {
    const id = scenario().agentTemporarilyOffline ?? '';
    expect(sim.world.nodes.toggleOffline(id, 'fleet-portal', '')?.state.temporarilyOffline).toBeUndefined();
    expect(sim.world.nodes.toggleOffline(id, 'fleet-portal', 'kernel update')?.state.temporarilyOffline).toMatchObject({ by: 'fleet-portal', message: 'kernel update' });
  });
});
