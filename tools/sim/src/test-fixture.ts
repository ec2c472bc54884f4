import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient, DescribeInstanceRefreshesCommand, type InstanceRefresh } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type AwsCredentials, type NodeScenario, type Simulator, type SimulatorOptions } from './index.ts';

export const BUILD = '310000000001';
export const PROD = '320000000002';
/** The seeded history's end in every test world. */
export const HISTORY_END = new Date('2025-03-14T00:00:00Z');

export function demoConfig(): FleetConfig {
  const parsed = parseFleetConfig(readFileSync(new URL('../../../config/demo.yaml', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(`config/demo.yaml: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

export interface TestSimulator extends Simulator {
  /** Stops the simulator and removes its data folder. */
  dispose(): Promise<void>;
}

/** The demo world in a fresh folder, with a fixed end to its history so every run sees the same world. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fleet-sim-')));
  const sim = await startSimulator({ config: demoConfig(), dataDir, seed: 'test', historyEnd: HISTORY_END, ...options });
  return {
    ...sim,
    dispose: async () => {
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function ec2Client(sim: Simulator, credentials: AwsCredentials, maxAttempts = 3): EC2Client {
  return new EC2Client({ endpoint: sim.url, region: 'us-east-1', credentials, maxAttempts });
}

export function autoScalingClient(sim: Simulator, credentials: AwsCredentials, maxAttempts = 3): AutoScalingClient {
  return new AutoScalingClient({ endpoint: sim.url, region: 'us-east-1', credentials, maxAttempts });
}

/**
 * A world whose clock stands still at `at` unless the test moves it with `world.advance`, and
 * whose fleet moves one simulated second per clock second, so tests step refreshes exactly.
 */
export function frozenWorld(at = new Date(HISTORY_END.getTime() + 3_600_000)): Partial<SimulatorOptions> {
  return { clock: () => at, timeScale: 1 };
}

/**
 * Moves the world's clock in steps until `done` says so, calling `probe` after every step;
 * fails after `maxMs` of simulated time rather than spinning forever.
 */
export async function advanceUntil(sim: Simulator, done: () => Promise<boolean>, options: { stepMs: number; maxMs: number; probe?: () => Promise<void> }): Promise<number> {
  let elapsed = 0;
  while (!(await done())) {
    if (elapsed >= options.maxMs) throw new Error(`still not done after ${options.maxMs / 1000} simulated seconds`);
    sim.world.advance(options.stepMs);
    elapsed += options.stepMs;
    await options.probe?.();
  }
  return elapsed;
}

export interface FleetTest {
  sim: TestSimulator;
  /** The production account's AutoScaling client. */
  client: AutoScalingClient;
  /** The production account's EC2 client. */
  ec2: EC2Client;
}

/** A frozen world (see `frozenWorld`) for the tests of one file: started before them, removed after. */
export function useFrozenFleet(options: Partial<SimulatorOptions> = {}): FleetTest {
  const test: Partial<FleetTest> = {};
  beforeAll(async () => {
    test.sim = await startTestSimulator({ ...frozenWorld(), ...options });
    test.client = autoScalingClient(test.sim, test.sim.credentialsFor(PROD));
    test.ec2 = ec2Client(test.sim, test.sim.credentialsFor(PROD));
  });
  afterAll(() => test.sim?.dispose());
  return {
    get sim() {
      if (!test.sim) throw new Error('the simulator starts in beforeAll; use it inside tests and hooks');
      return test.sim;
    },
    get client() {
      if (!test.client) throw new Error('the client exists from beforeAll on');
      return test.client;
    },
    get ec2() {
      if (!test.ec2) throw new Error('the client exists from beforeAll on');
      return test.ec2;
    },
  };
}

/** The group's newest refresh, as DescribeInstanceRefreshes lists it first. */
export async function latestRefresh(client: AutoScalingClient, group: string): Promise<InstanceRefresh> {
  const answer = await client.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, MaxRecords: 1 }));
  const [refresh] = answer.InstanceRefreshes ?? [];
  if (!refresh) throw new Error(`${group} has no refresh`);
  return refresh;
}

/** The newest AMI of the group's worker type that production may launch and none of its instances runs. */
export function otherSharedImage(sim: Simulator, group: string): string {
  const { world } = sim;
  const type = world.fleet.requireGroup(group).tags.find((tag) => tag.key === world.config.tags.workerType)?.value ?? '';
  const running = new Set(world.fleet.instancesOf(group).map((instance) => instance.imageId));
  const image = world.builds
    .map((build) => build.images[type] ?? '')
    .filter((id) => world.images.get(id)?.launchPermissions.has(PROD) && !running.has(id))
    .at(-1);
  if (!image) throw new Error(`no other AMI production may launch for ${group}`);
  return image;
}

export function stsClient(sim: Simulator, credentials: AwsCredentials, maxAttempts = 3): STSClient {
  return new STSClient({ endpoint: sim.url, region: 'us-east-1', credentials, maxAttempts });
}

/**
 * The error a promise rejects with, to assert on its SDK-typed name and metadata. For modeled
 * awsQuery faults the SDK's name is the shape's (`InstanceRefreshInProgressFault`) and `Code` the
 * code on the wire (`InstanceRefreshInProgress`).
 */
export async function rejection(promise: Promise<unknown>): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** Which instance carries which of the demo's node failures. */
export function nodeScenario(sim: Simulator): NodeScenario {
  const nodes = sim.world.scenario?.nodes;
  if (!nodes) throw new Error('the test world has no node scenario');
  return nodes;
}

/** A controller's URL by name. */
export function controllerUrl(sim: Simulator, name: string): string {
  const controller = sim.jenkinsControllers.find((candidate) => candidate.name === name);
  if (!controller) throw new Error(`the simulator has no controller ${name}`);
  return controller.url;
}
