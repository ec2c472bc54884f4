import { verifyAccount } from '@fleet/aws';
import type { AwsAccountConfig } from '@fleet/core';
import type { SyncJob } from '../job.ts';

/** Whether each account's credentials (or assumed role) still reach the configured account. */
export function accountIdentityJob(account: AwsAccountConfig, region: string, intervalMs: number): SyncJob {
  return {
    key: `sts.identity:${account.id}`,
    kind: 'sts.identity',
    accountId: account.id,
    region,
    intervalMs,
    async run() {
      await verifyAccount(account, region);
      return { itemCount: 1 };
    },
  };
}
