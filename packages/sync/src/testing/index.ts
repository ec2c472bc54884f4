import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsAccountConfig, FleetConfig } from '@fleet/core';
import type { Simulator } from '@fleet/sim';
import type { GroupClients } from '../aws/groups.ts';
import type { ImageClients } from '../aws/images.ts';

export { demoConfig, type DemoWorld, useDemoWorld } from './demo-world.ts';

export interface SimulatedClientOptions {
  region?: string;
  maxAttempts?: number;
  /** Signs the build account's calls with a wrong secret, for a source that fails its credentials. */
  buildSecret?: string;
}

function ec2For(sim: Simulator, accountId: string, options: SimulatedClientOptions, secret?: string): EC2Client {
  const credentials = sim.credentialsFor(accountId);
  return new EC2Client({
    region: options.region ?? 'us-east-1',
    endpoint: sim.url,
    credentials: secret ? { ...credentials, secretAccessKey: secret } : credentials,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
  });
}

/** The image and sharing syncs' clients against the simulator: the build account's and each production account's own keys. */
export function simulatedImageClients(sim: Simulator, config: FleetConfig, options: SimulatedClientOptions = {}): ImageClients {
  return {
    ec2: ec2For(sim, config.aws.buildAccount.id, options, options.buildSecret),
    production: config.aws.productionAccounts.map((account) => ({ account, ec2: ec2For(sim, account.id, options) })),
  };
}

/** One production account's Auto Scaling and EC2 clients against the simulator. */
export function simulatedGroupClients(sim: Simulator, account: AwsAccountConfig, options: SimulatedClientOptions = {}): GroupClients {
  const region = options.region ?? 'us-east-1';
  const credentials = sim.credentialsFor(account.id);
  return {
    autoScaling: new AutoScalingClient({ region, endpoint: sim.url, credentials, maxAttempts: options.maxAttempts ?? 3 }),
    ec2: ec2For(sim, account.id, options),
  };
}
