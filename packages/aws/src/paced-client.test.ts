import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallMeter } from './call-meter.ts';
import { CallPacer, CallPacers, type PacerClock } from './call-pacer.ts';
import { paceClient } from './paced-client.ts';

const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');
const config: FleetConfig = parsed.config;
const build = config.aws.buildAccount;

/** A clock that only moves when told to, and a sleep that moves it: waits are counted, not spent. */
function steppedClock(): PacerClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('the call pacer', () => {
  const settings = { burst: 2, ratePerSecond: 4, minRatePerSecond: 0.5, recoveryShare: 1 / 4 };

  it('lets a burst through at once, then spaces calls at its pace', async () => {
    const clock = steppedClock();
    const pacer = new CallPacer(settings, clock);
    expect([await pacer.take(), await pacer.take(), await pacer.take(), await pacer.take()]).toEqual([0, 0, 250, 250]);
  });

  it('halves its pace on each throttling answer, down to the floor, and regains a quarter of it per call that goes through', () => {
    const pacer = new CallPacer(settings, steppedClock());
    pacer.throttled();
    pacer.throttled();
    expect(pacer.ratePerSecond).toBe(1);
    for (let i = 0; i < 5; i++) pacer.throttled();
    expect(pacer.ratePerSecond).toBe(0.5);
    pacer.succeeded();
    expect(pacer.ratePerSecond).toBe(1.5);
    pacer.succeeded();
    pacer.succeeded();
    expect(pacer.ratePerSecond).toBe(3.5);
    pacer.succeeded();
    expect(pacer.ratePerSecond).toBe(4);
  });

  it('makes the next call wait a whole interval at the lowered pace after a throttling answer', async () => {
    const clock = steppedClock();
    const pacer = new CallPacer(settings, clock);
    pacer.throttled();
    expect(await pacer.take()).toBe(500);
  });
});

describe('a paced EC2 client against the simulator over HTTP', () => {
  let sim: Simulator;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-paced-'));
    sim = await startSimulator({ config, dataDir, port: 0 });
  });

  afterEach(() => {
    sim.faults.clear();
    sim.calls.clear();
  });

  afterAll(async () => {
    await sim?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const client = (pacers: CallPacers) =>
    paceClient(new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials: sim.credentialsFor(build.id), maxAttempts: 4 }), { accountId: build.id, region: 'us-east-1', service: 'ec2' }, pacers);

  it('counts every attempt of a throttled call, as AWS does, and slows that account down', async () => {
    const pacers = new CallPacers({ ec2: { burst: 10, ratePerSecond: 8, minRatePerSecond: 1, recoveryShare: 1 / 8 } }, steppedClock());
    sim.faults.inject({ kind: 'throttle', count: 2, action: 'DescribeImages', account: build.id });
    const meter = new AwsCallMeter();
    await meter.measure(() => client(pacers).send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 })));

    expect(meter.calls()).toEqual([{ accountId: build.id, region: 'us-east-1', service: 'ec2', api: 'DescribeImages', calls: 3, throttled: 2 }]);
    expect(sim.calls.list({ action: 'DescribeImages' })).toEqual([{ accountId: build.id, region: 'us-east-1', service: 'ec2', action: 'DescribeImages', calls: 3, throttled: 2 }]);
    // Halved twice to 2 calls a second, then one call went through: 2 + 8/8.
    expect(meter.pacing()).toEqual([expect.objectContaining({ accountId: build.id, service: 'ec2', ratePerSecond: 3, fullRatePerSecond: 8 })]);
    expect(meter.pacing()[0]!.waitedMs).toBeGreaterThan(0);
  });

  it('leaves calls made outside any measured work uncounted by it', async () => {
    const meter = new AwsCallMeter();
    const ec2 = client(new CallPacers(undefined, steppedClock()));
    await ec2.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    await meter.measure(() => ec2.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 })));
    expect(meter.total()).toBe(1);
    expect(sim.calls.total({ action: 'DescribeImages' })).toBe(2);
  });
});
