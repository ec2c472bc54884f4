import type { JenkinsBuildRow } from '@fleet/db';

/** Where a followed build (a bake, a housekeeping run) stands, in one word for the lists. */
export type BuildState = 'queued' | 'running' | 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'lost';

export function buildStateOf(row: Pick<JenkinsBuildRow, 'number' | 'queueState' | 'building' | 'result'>): BuildState {
  if (row.number === null) return row.queueState === 'cancelled' ? 'cancelled' : row.queueState === 'gone' ? 'lost' : 'queued';
  if (row.building || row.result === null) return 'running';
  if (row.result === 'SUCCESS') return 'succeeded';
  if (row.result === 'ABORTED' || row.result === 'NOT_BUILT') return 'aborted';
  return 'failed';
}
