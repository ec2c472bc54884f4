import { describe, expect, it } from 'vitest';
import { describeBatching, previewRefresh, type PreviewInstance } from './refresh-preview.ts';

const instance = (n: number, imageId: string, az = n % 2 ? 'us-east-1a' : 'us-east-1b'): PreviewInstance => ({
  instanceId: `i-${String(n).padStart(17, '0')}`,
  availabilityZone: az,
  lifecycleState: 'InService',
  imageId,
  launchTemplateVersion: imageId === 'ami-new' ? '5' : '4',
});
const six = [1, 2, 3, 4, 5, 6].map((n) => instance(n, n <= 2 ? 'ami-new' : 'ami-old'));
const base = { asgName: 'pool', desiredCapacity: 6, instances: six, desired: { launchTemplateVersion: '5', imageId: 'ami-new' } };

describe('previewRefresh', () => {
  it('skips instances already on the desired configuration when SkipMatching is on', () => {
    const preview = previewRefresh({ ...base, preferences: { minHealthyPercentage: 90, maxHealthyPercentage: null, skipMatching: true } });
    expect(preview.skipped).toHaveLength(2);
    expect(preview.replaced).toHaveLength(4);
  });

  it('replaces every instance without SkipMatching', () => {
    const preview = previewRefresh({ ...base, preferences: { minHealthyPercentage: 90, maxHealthyPercentage: null, skipMatching: false } });
    expect(preview.replaced).toHaveLength(6);
    expect(preview.skipped).toEqual([]);
  });

  it('keeps the minimum healthy share in service and sizes batches from the rest', () => {
    const at50 = previewRefresh({ ...base, preferences: { minHealthyPercentage: 50, maxHealthyPercentage: null, skipMatching: false } });
    expect(at50).toMatchObject({ minInService: 3, batchSize: 3, batches: 2 });
    const at90 = previewRefresh({ ...base, preferences: { minHealthyPercentage: 90, maxHealthyPercentage: null, skipMatching: false } });
    expect(at90).toMatchObject({ minInService: 6, batchSize: 1, batches: 6 });
    const launchFirst = previewRefresh({ ...base, preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 150, skipMatching: false } });
    expect(launchFirst).toMatchObject({ minInService: 6, batchSize: 3, batches: 2 });
  });

  it('changes its fingerprint when the instances it would replace change', () => {
    const preferences = { minHealthyPercentage: 90, maxHealthyPercentage: null, skipMatching: true };
    const before = previewRefresh({ ...base, preferences });
    const after = previewRefresh({ ...base, instances: [...six, instance(7, 'ami-old')], preferences });
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(previewRefresh({ ...base, preferences }).fingerprint).toBe(before.fingerprint);
  });
});

describe('describeBatching', () => {
  const two = [instance(1, 'ami-old'), instance(2, 'ami-old')];
  const pair = { asgName: 'pool', desiredCapacity: 2, instances: two, desired: { launchTemplateVersion: '5', imageId: 'ami-new' } };
  const words = (minHealthyPercentage: number, maxHealthyPercentage: number | null) => {
    const preview = previewRefresh({ ...pair, preferences: { minHealthyPercentage, maxHealthyPercentage, skipMatching: true } });
    return { preview, text: describeBatching(preview, 2, minHealthyPercentage) };
  };

  it('does not promise to keep 2 of 2 in service while replacing one: it says one at a time, 1 of 2 in service', () => {
    const { preview, text } = words(100, null);
    expect(preview).toMatchObject({ batchSize: 1, minInService: 2, lowestInService: 1, launchFirst: 0 });
    expect(text).toMatch(/^one at a time \(2 batches\): minimum healthy 100 % of the desired 2 leaves no instance to take out, so AWS still replaces one at a time and 1 of 2 stay in service/);
    expect(text).not.toMatch(/at least 2/);
  });

  it('keeps the minimum in service when there is room: by terminating first, or by launching first above 100 %', () => {
    expect(words(50, null).text).toBe('in 2 batches of up to 1 instance, keeping at least 1 of the desired 2 in service (minimum healthy 50 %)');
    const { preview, text } = words(100, 200);
    expect(preview).toMatchObject({ batchSize: 2, launchFirst: 2, lowestInService: 2 });
    expect(text).toBe('in 1 batch of up to 2 instances, launching up to 2 replacements before terminating old ones, keeping at least 2 of the desired 2 in service (minimum healthy 100 %)');
  });
});
