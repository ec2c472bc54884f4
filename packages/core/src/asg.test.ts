import { describe, expect, it } from 'vitest';
import { instanceIdOfActivity, isActiveRefresh, rollbackRefusal } from './asg.ts';

const running = { status: 'InProgress' as const, desiredConfiguration: { LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '4' } } };

describe('rollbackRefusal', () => {
  it('allows rolling back a refresh in progress to a pinned launch template version', () => {
    expect(rollbackRefusal({ refresh: running, launchTemplateVersion: '4', imageSource: 'ami' })).toBeNull();
  });

  it('names each situation in which AWS refuses a rollback', () => {
    expect(rollbackRefusal({ refresh: null, launchTemplateVersion: '4', imageSource: 'ami' })).toBe('no refresh in progress to roll back');
    expect(rollbackRefusal({ refresh: { ...running, status: 'Successful' }, launchTemplateVersion: '4', imageSource: 'ami' })).toBe('no refresh in progress to roll back');
    expect(rollbackRefusal({ refresh: { ...running, desiredConfiguration: null }, launchTemplateVersion: '4', imageSource: 'ami' })).toMatch(/without a desired configuration/);
    expect(rollbackRefusal({ refresh: running, launchTemplateVersion: '$Latest', imageSource: 'ami' })).toMatch(/\$Latest/);
    expect(rollbackRefusal({ refresh: running, launchTemplateVersion: '$Default', imageSource: 'ami' })).toMatch(/\$Default/);
    expect(rollbackRefusal({ refresh: running, launchTemplateVersion: '4', imageSource: 'ssm' })).toMatch(/SSM parameter/);
  });
});

describe('refresh statuses and activities', () => {
  it('treats only unfinished refreshes as active', () => {
    expect(['Pending', 'InProgress', 'Baking', 'Cancelling', 'RollbackInProgress'].every(isActiveRefresh)).toBe(true);
    expect(['Successful', 'Failed', 'Cancelled', 'RollbackSuccessful', 'RollbackFailed'].some(isActiveRefresh)).toBe(false);
  });

  it('reads the instance of a scaling activity from its description', () => {
    expect(instanceIdOfActivity('Launching a new EC2 instance: i-0abc1234def567890')).toBe('i-0abc1234def567890');
    expect(instanceIdOfActivity('Updating load balancers')).toBeNull();
  });
});
