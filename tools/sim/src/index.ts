import { resolve } from 'node:path';
import { type FleetConfig } from '@fleet/core';
import { queryEndpoint } from './aws/endpoint.ts';
import { ec2Service } from './aws/ec2/ec2-service.ts';
import { Identities, type AwsCredentials } from './aws/identities.ts';
import { stsService } from './aws/sts/sts-service.ts';
import { controlRoute } from './control.ts';
import { FaultInjector } from './faults.ts';
import { listen } from './http.ts';
import { createWorld } from './world/history.ts';
import { type World } from './world/world.ts';

export type { AwsCredentials } from './aws/identities.ts';
export type { Fault, FaultInjector, FaultSpec } from './faults.ts';
export type { BlockDevice, ImageRecord, ImageState } from './world/images.ts';
export type { BuildInput, BuildRecord, CommitInput, CommitOutcome, CommitRecord, ImageInput, RetagRecord, Scenario, World } from './world/world.ts';

export interface SimulatorOptions {
  config: FleetConfig;
  /** The infra repo is (re)created at `<dataDir>/infra`. */
  dataDir: string;
  seed?: string | number;
  /** 0 picks a free port. */
  port?: number;
  /** A loopback address; anything else is refused. */
  host?: string;
  /** When the seeded history ends; defaults to the start of the current UTC day, so shas stay put all day. */
  historyEnd?: Date;
  clock?: () => Date;
}

export interface Simulator {
  /** The endpoint for every simulated AWS service (AWS_ENDPOINT_URL). */
  url: string;
  world: World;
  /** The fixed demo key pair of a configured account. */
  credentialsFor(accountId: string): AwsCredentials;
  faults: FaultInjector;
  infraRepoPath: string;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { config } = options;
  const seed = options.seed ?? 'fleet-demo';
  const clock = options.clock ?? (() => new Date());
  const historyEnd = options.historyEnd ?? startOfUtcDay(clock());
  const dataDir = resolve(options.dataDir);
  const world = await createWorld({ config, dataDir, seed, historyEnd, clock });
  const accountIds = [config.aws.buildAccount.id, ...config.aws.productionAccounts.map((account) => account.id)];
  const identities = new Identities(accountIds, seed);
  const faults = new FaultInjector();
  const server = await listen(
    [controlRoute(faults), queryEndpoint({ services: [ec2Service(world), stsService(identities)], identities, faults, clock })],
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );
  return {
    url: server.url,
    world,
    credentialsFor: (accountId) => identities.credentialsFor(accountId),
    faults,
    infraRepoPath: world.repo.path,
    close: () => server.close(),
  };
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
