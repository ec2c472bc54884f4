import { describe, expect, it } from 'vitest';
import { commitsGroupsRun, newestRowCarrying } from './lineage-groups.ts';
import type { LineageCell, LineageRow } from './lineage.ts';

const built = (imageId: string): LineageCell => ({ kind: 'built', imageId, conflicts: [] });
const carried = (imageId: string): LineageCell => ({ kind: 'carried', imageId, builtAt: null, evidence: 'observed', conflicts: [] });
const missing: LineageCell = { kind: 'missing' };
const row = (sha: string, cells: LineageCell[]): LineageRow => ({ sha, shortSha: sha.slice(0, 7), subject: sha, author: null, authoredAt: null, touchesPacker: null, cells, flags: [] });
// Newest first; columns: builder, tester.
const rows = [
  row('c4', [built('ami-b3'), carried('ami-t1')]),
  row('c3', [carried('ami-b2'), carried('ami-t1')]),
  row('c2', [carried('ami-b2'), missing]),
  row('c1', [built('ami-b2'), built('ami-t1')]),
];

describe('where groups stand on the lineage', () => {
  it('finds the newest commit a worker type’s AMI carried', () => {
    expect(newestRowCarrying(rows, 0, 'ami-b2')?.sha).toBe('c3');
    expect(newestRowCarrying(rows, 0, 'ami-nope')).toBeUndefined();
    expect(newestRowCarrying(rows, -1, 'ami-b2')).toBeUndefined();
  });

  it('marks per commit and worker type the groups whose template runs that AMI, leaving out what it cannot place', () => {
    const marks = commitsGroupsRun(rows, ['builder', 'tester'], [
      { name: 'pool-b-old', workerType: 'builder', imageId: 'ami-b2' },
      { name: 'pool-b-new', workerType: 'builder', imageId: 'ami-b3' },
      { name: 'pool-t', workerType: 'tester', imageId: 'ami-t1' },
      { name: 'pool-t2', workerType: 'tester', imageId: 'ami-t1' },
      { name: 'stray', workerType: null, imageId: 'ami-b2' },
      { name: 'unknown-ami', workerType: 'builder', imageId: 'ami-gone' },
    ]);
    expect(marks).toEqual({ c3: { builder: ['pool-b-old'] }, c4: { builder: ['pool-b-new'], tester: ['pool-t', 'pool-t2'] } });
  });
});
