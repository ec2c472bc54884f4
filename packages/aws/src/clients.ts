import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsAccountConfig } from '@fleet/core';

export interface ClientOptions {
  /** Retries of throttled and failed calls, with the SDK's standard backoff. */
  maxAttempts?: number;
  /** Milliseconds before a request without an answer is abandoned. */
  requestTimeoutMs?: number;
}

/**
 * An EC2 client for one account and region. Credentials come from the default provider chain;
 * with a role configured the client assumes it. The endpoint comes from the account's config or
 * else from the SDK's own settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2, profiles).
 */
export function ec2ClientFor(account: AwsAccountConfig, region: string, options: ClientOptions = {}): EC2Client {
  return new EC2Client(clientConfig(account, region, options));
}

/** An AutoScaling client for one account and region, configured as {@link ec2ClientFor}. */
export function autoScalingClientFor(account: AwsAccountConfig, region: string, options: ClientOptions = {}): AutoScalingClient {
  return new AutoScalingClient(clientConfig(account, region, options));
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

/** The role's credentials when the account has one; else the SDK's default provider chain. */
export function credentialsFor(account: AwsAccountConfig, region: string) {
  if (!account.roleArn) return {};
  const credentials = fromTemporaryCredentials({
    params: { RoleArn: account.roleArn!, RoleSessionName: 'fleet-portal', DurationSeconds: 3600 },
    clientConfig: { region, ...(account.endpoint ? { endpoint: account.endpoint } : {}) },
  });
  return { credentials };
}
