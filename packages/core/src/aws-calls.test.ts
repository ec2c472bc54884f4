import { describe, expect, it } from 'vitest';
import { type AwsCallCount, callRatesByAccount, readCallCounts } from './aws-calls.ts';

const call = (accountId: string, api: string, calls: number, throttled = 0): AwsCallCount => ({ accountId, region: 'us-east-1', service: api.startsWith('DescribeAuto') ? 'autoscaling' : 'ec2', api, calls, throttled });
const pace = (accountId: string, service: string, ratePerSecond: number, fullRatePerSecond: number) => ({ accountId, region: 'us-east-1', service, ratePerSecond, fullRatePerSecond, waitedMs: 0 });

describe('callRatesByAccount', () => {
  it('repeats each source’s last run at the interval it runs at now, summed per account and API', () => {
    const rates = callRatesByAccount([
      { calls: [call('1', 'DescribeImages', 2)], pacing: [], intervalMs: 30_000 },
      // The sharing check is the build account's source but calls the production account.
      { calls: [call('2', 'DescribeImages', 1)], pacing: [], intervalMs: 120_000 },
      { calls: [call('2', 'DescribeAutoScalingGroups', 1), call('2', 'DescribeLaunchTemplateVersions', 2)], pacing: [], intervalMs: 5_000 },
    ]);
    expect(rates).toEqual([
      { accountId: '1', callsPerMinute: 4, apis: [{ service: 'ec2', api: 'DescribeImages', callsPerMinute: 4 }], throttled: 0, slowed: [] },
      {
        accountId: '2',
        callsPerMinute: 36.5,
        apis: [
          { service: 'ec2', api: 'DescribeLaunchTemplateVersions', callsPerMinute: 24 },
          { service: 'autoscaling', api: 'DescribeAutoScalingGroups', callsPerMinute: 12 },
          { service: 'ec2', api: 'DescribeImages', callsPerMinute: 0.5 },
        ],
        throttled: 0,
        slowed: [],
      },
    ]);
  });

  it('says which services AWS made the portal slow down, at the lowest pace any source saw', () => {
    const rates = callRatesByAccount([
      { calls: [call('2', 'DescribeAutoScalingGroups', 3, 2)], pacing: [pace('2', 'autoscaling', 1.875, 5), pace('2', 'ec2', 10, 10)], intervalMs: 60_000 },
      { calls: [], pacing: [pace('2', 'autoscaling', 2.5, 5)], intervalMs: 60_000 },
    ]);
    expect(rates[0]).toMatchObject({ accountId: '2', callsPerMinute: 3, throttled: 2, slowed: [pace('2', 'autoscaling', 1.875, 5)] });
  });

  it('counts nothing for a source that never said its interval', () => {
    expect(callRatesByAccount([{ calls: [call('1', 'DescribeImages', 5)], pacing: [], intervalMs: null }])[0]?.callsPerMinute).toBe(0);
  });
});

describe('readCallCounts', () => {
  it('reads what a source stored, and nothing from what it cannot read', () => {
    expect(readCallCounts([call('1', 'DescribeImages', 2)])).toEqual([call('1', 'DescribeImages', 2)]);
    expect(readCallCounts([{ api: 'DescribeImages' }])).toEqual([]);
    expect(readCallCounts(null)).toEqual([]);
  });
});
