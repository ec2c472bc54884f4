import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { AwsCredentials } from './index.ts';

/** For tests: the AWS CLI v2 from Debian (its own bundled botocore), as an SRE would point it at the simulator. */
export const AWS_CLI = '/usr/bin/aws';

/** Whether the AWS CLI is installed; warns, naming what goes unchecked, when it is not. */
export function awsCliAvailable(unchecked: string): boolean {
  const found = spawnSync(AWS_CLI, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found) console.warn(`SKIPPED: ${AWS_CLI} is missing (apt-get install awscli); ${unchecked} is not checked with the AWS CLI`);
  return found;
}

/** Runs the AWS CLI against `endpoint` with one account's keys, in one region, and parses its JSON (null for an empty answer). */
export async function awsCli<T>(endpoint: string, credentials: AwsCredentials, region: string, args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(AWS_CLI, [...args, '--endpoint-url', endpoint, '--region', region, '--output', 'json'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
    timeout: 60_000,
  });
  return (stdout.trim() === '' ? null : JSON.parse(stdout)) as T;
}

/** The AWS CLI's error text for a call expected to be refused. */
export async function awsCliError(endpoint: string, credentials: AwsCredentials, region: string, args: string[]): Promise<string> {
  try {
    await awsCli(endpoint, credentials, region, args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`aws ${args.join(' ')} was expected to fail`);
}
