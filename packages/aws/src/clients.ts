import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsAccountConfig } from '@fleet/core';
import { type CallPacers, processPacers } from './call-pacer.ts';
import { paceClient, pacingPlugin } from './paced-client.ts';

export interface ClientOptions {
  /** Retries of throttled and failed calls, with the SDK's standard backoff. */
  maxAttempts?: number;
  /** Milliseconds before a request without an answer is abandoned. */
  requestTimeoutMs?: number;
  /** Whose pace the client keeps: the process's own unless a test brings its own. */
  pacers?: CallPacers;
}

/**
 * An EC2 client for one account and region. Credentials come from the default provider chain;
 * with a role configured the client assumes it. The endpoint comes from the account's config or
 * else from the SDK's own settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2, profiles).
 */
export function ec2ClientFor(account: AwsAccountConfig, region: string, options: ClientOptions = {}): EC2Client {
  return paceClient(new EC2Client(clientConfig(account, region, options)), { accountId: account.id, region, service: 'ec2' }, options.pacers ?? processPacers);
}

/** An AutoScaling client for one account and region, configured as {@link ec2ClientFor}. */
export function autoScalingClientFor(account: AwsAccountConfig, region: string, options: ClientOptions = {}): AutoScalingClient {
  return paceClient(new AutoScalingClient(clientConfig(account, region, options)), { accountId: account.id, region, service: 'autoscaling' }, options.pacers ?? processPacers);
}

/** A CloudTrail client for one account and region (LookupEvents allows two calls a second: more retries). */
export function cloudTrailClientFor(account: AwsAccountConfig, region: string, options: ClientOptions = {}): CloudTrailClient {
  return new CloudTrailClient(clientConfig(account, region, { maxAttempts: 6, ...options }));
}

function clientConfig(account: AwsAccountConfig, region: string, options: ClientOptions) {
  return {
    region,
    ...(account.endpoint ? { endpoint: account.endpoint } : {}),
    ...credentialsFor(account, region),
    maxAttempts: options.maxAttempts ?? 4,
    retryMode: 'standard',
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 20_000, connectionTimeout: 5_000 },
  };
}

type CredentialsProvider = ReturnType<typeof fromTemporaryCredentials>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

/** One provider per account and role, shared by every client of this process. */
const assumedRoles = new Map<string, CredentialsProvider>();

/**
 * The role's credentials when the account has one; else the SDK's default provider chain. Every
 * client of the account shares one assumed role until it is five minutes from expiring: each SDK
 * client would otherwise call AssumeRole on its own.
 */
export function credentialsFor(account: AwsAccountConfig, region: string) {
  if (!account.roleArn) return {};
  // What the SDK reads from the environment when it makes the STS client is part of the key: the same role reached another way is another provider.
  const env = process.env;
  const key = [account.id, account.roleArn, account.endpoint ?? env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL ?? '', env.AWS_PROFILE ?? '', env.AWS_ACCESS_KEY_ID ?? ''].join('|');
  let credentials = assumedRoles.get(key);
  if (!credentials) {
    credentials = sharedUntilExpiry(
      fromTemporaryCredentials({
        params: { RoleArn: account.roleArn, RoleSessionName: 'fleet-portal', DurationSeconds: 3600 },
        clientConfig: { region, ...(account.endpoint ? { endpoint: account.endpoint } : {}) },
        clientPlugins: [pacingPlugin({ accountId: account.id, region, service: 'sts' })],
      }),
    );
    assumedRoles.set(key, credentials);
  }
  return { credentials };
}

const RENEW_BEFORE_MS = 5 * 60_000;

/** Callers that ask at once wait for the same AssumeRole; a failed one is tried again by the next caller. */
function sharedUntilExpiry(provider: CredentialsProvider): CredentialsProvider {
  let held: Credentials | undefined;
  let asking: Promise<Credentials> | undefined;
  return (properties) => {
    if (held && (!held.expiration || held.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return Promise.resolve(held);
    asking ??= provider(properties)
      .then((credentials) => (held = credentials))
      .finally(() => (asking = undefined));
    return asking;
  };
}
