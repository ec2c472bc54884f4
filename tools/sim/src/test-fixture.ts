import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { parseFleetConfig, type FleetConfig } from '@fleet/core';
import { startSimulator, type AwsCredentials, type Simulator, type SimulatorOptions } from './index.ts';

export const BUILD = '310000000001';
export const PROD = '320000000002';

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
  const sim = await startSimulator({ config: demoConfig(), dataDir, seed: 'test', historyEnd: new Date('2025-03-14T00:00:00Z'), ...options });
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

export function stsClient(sim: Simulator, credentials: AwsCredentials, maxAttempts = 3): STSClient {
  return new STSClient({ endpoint: sim.url, region: 'us-east-1', credentials, maxAttempts });
}

/** The error a promise rejects with, to assert on its SDK-typed name and metadata. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, and it succeeded');
}
