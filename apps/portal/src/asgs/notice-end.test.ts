import { describe, expect, it } from 'vitest';
import { endedRefreshOf } from './notice-end.ts';

const started = { state: 'succeeded', result: { refreshId: 'r-1' } };
const running = { id: 'r-1', active: true, status: 'InProgress' };
const done = { id: 'r-1', active: false, status: 'Successful' };
const older = { id: 'r-0', active: false, status: 'Cancelled' };

describe('endedRefreshOf', () => {
  it('is null while the announced refresh runs, and before the page has read it', () => {
    expect(endedRefreshOf(started, [running, older])).toBeNull();
    expect(endedRefreshOf(started, [older])).toBeNull();
  });

  it('gives the announced refresh once it has ended, with how it ended', () => {
    expect(endedRefreshOf(started, [done, older])).toEqual(done);
  });

  it('is null for notices that announce no refresh: a failure, a request waiting for approval, an id of another kind', () => {
    expect(endedRefreshOf({ state: 'failed', result: { refreshId: 'r-1' } }, [done])).toBeNull();
    expect(endedRefreshOf({ state: 'pending-approval', result: null }, [done])).toBeNull();
    expect(endedRefreshOf({ state: 'succeeded', result: { refreshId: 7 } }, [{ ...done, id: '7' }])).toBeNull();
  });
});
