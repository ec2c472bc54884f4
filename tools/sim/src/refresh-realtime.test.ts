import { DescribeInstanceRefreshesCommand, StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './http.ts';
import { autoScalingClient, PROD, startTestSimulator, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;

/** Ten simulated minutes a second: a five-minute warm-up takes half a second. */
beforeAll(async () => {
  sim = await startTestSimulator({ timeScale: 600 });
});
afterAll(() => sim.dispose());

describe('on the wall clock', () => {
  it('refreshes six instances in a few real seconds, with nobody stepping the clock', async () => {
    const name = sim.world.scenario?.fleet.current[0] ?? '';
    sim.world.fleet.setDesiredCapacity(name, 6);
    const before = new Set(sim.world.fleet.instancesOf(name).map((instance) => instance.instanceId));
    const client = autoScalingClient(sim, sim.credentialsFor(PROD));
    const began = Date.now();
    const { InstanceRefreshId } = await client.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: name, Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 300 } }));
    let status: string | undefined;
    while (status !== 'Successful' && Date.now() - began < 30_000) {
      await sleep(100);
      const answer = await client.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: name, InstanceRefreshIds: [InstanceRefreshId ?? ''] }));
      status = answer.InstanceRefreshes?.[0]?.Status;
    }
    const seconds = (Date.now() - began) / 1000;
    expect(status).toBe('Successful');
    expect(seconds).toBeGreaterThan(1);
    expect(seconds).toBeLessThan(15);
    const after = sim.world.fleet.instancesOf(name).filter((instance) => instance.lifecycleState === 'InService');
    expect(after).toHaveLength(6);
    expect(after.some((instance) => before.has(instance.instanceId))).toBe(false);
  });
});
