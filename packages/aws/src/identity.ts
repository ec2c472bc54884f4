import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsAccountConfig } from '@fleet/core';
import { AwsFailure, classifyAwsError } from './errors.ts';
import { credentialsFor } from './clients.ts';
import { paceClient } from './paced-client.ts';

/**
 * Checks that the credentials (after assuming the role, when one is configured) belong to the
 * configured account, so a mixed-up profile fails loudly instead of syncing the wrong account.
 */
export async function verifyAccount(account: AwsAccountConfig, region: string): Promise<{ arn: string }> {
  const where = `STS for account ${account.name} (${account.id})`;
  const sts = paceClient(new STSClient({
    region,
    ...(account.endpoint ? { endpoint: account.endpoint } : {}),
    ...credentialsFor(account, region),
    maxAttempts: 3,
  }), { accountId: account.id, region, service: 'sts' });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account !== account.id) {
      throw new AwsFailure(
        'auth',
        `${where}: the credentials belong to account ${identity.Account ?? 'unknown'} (${identity.Arn ?? '?'}), not ${account.id}; check the profile or the role to assume`,
      );
    }
    return { arn: identity.Arn ?? '' };
  } catch (error) {
    throw classifyAwsError(error, where);
  } finally {
    sts.destroy();
  }
}
