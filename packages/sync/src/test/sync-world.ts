import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { createJenkinsClient, type JenkinsClient } from '@fleet/jenkins';
import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type Simulator, startSimulator } from '@fleet/sim';

const demoYaml = readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8');
export const HISTORY_END = new Date(Date.UTC(2025, 2, 14));

export interface SyncWorld {
  sim: Simulator;
  config: FleetConfig;
  jenkins: JenkinsClient;
  /** An EC2 client of one of the world's accounts, on the simulator. */
  ec2(accountId: string): EC2Client;
  dispose(): Promise<void>;
}

/**
 * The simulated world on a clock that stands still until a test moves it (`sim.world.advance`),
 * with the demo config and a `jenkins` section pointing at the simulator, built by `jenkinsYaml`
 * from the controller's URL and user.
 */
export async function startSyncWorld(jenkinsYaml: (jenkins: { url: string; user: string }) => string): Promise<SyncWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-sync-'));
  const plain = parseFleetConfig(demoYaml);
  if (!plain.ok) throw new Error('the demo config must be valid');
  const worldAt = new Date(HISTORY_END.getTime() + 3_600_000);
  const sim = await startSimulator({ config: plain.config, dataDir, port: 0, historyEnd: HISTORY_END, clock: () => worldAt, timeScale: 1 });
  const parsed = parseFleetConfig(`${demoYaml}\n${jenkinsYaml({ url: sim.jenkinsUrl, user: JENKINS_DEMO_USER })}\n`);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join('; '));
  const config = parsed.config;
  config.infraRepo.localClone = sim.infraRepoPath;
  return {
    sim,
    config,
    jenkins: createJenkinsClient({ url: sim.jenkinsUrl, user: JENKINS_DEMO_USER, token: JENKINS_DEMO_TOKEN }),
    ec2: (accountId) => new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials: sim.credentialsFor(accountId), maxAttempts: 3 }),
    dispose: async () => {
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
