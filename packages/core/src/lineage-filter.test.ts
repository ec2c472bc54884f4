import { describe, expect, it } from 'vitest';
import type { LineageRow } from './lineage.ts';
import { filterLineage } from './lineage-filter.ts';

const columns = [
  { key: 'centos7-builder', baseOs: 'centos7', role: 'builder' },
  { key: 'rhel8-builder', baseOs: 'rhel8', role: 'builder' },
  { key: 'rhel8-tester', baseOs: 'rhel8', role: 'tester' },
];
const row = (sha: string, ids: (string | null)[]): LineageRow => ({
  sha,
  shortSha: sha.slice(0, 7),
  subject: null,
  author: null,
  authoredAt: null,
  touchesPacker: null,
  flags: [],
  cells: ids.map((id) => (id ? { kind: 'built', imageId: id, conflicts: [] } : { kind: 'missing' })),
});
const rows = [row('abc1234aaaa', ['ami-01', 'ami-02', 'ami-03']), row('def5678bbbb', ['ami-11', null, 'ami-13'])];

describe('filterLineage', () => {
  it('keeps only the columns of the chosen base OS, cells aligned', () => {
    const view = filterLineage(columns, rows, { baseOs: ['rhel8'] });
    expect(view.columns.map((c) => c.key)).toEqual(['rhel8-builder', 'rhel8-tester']);
    expect(view.rows[1]!.cells).toEqual([{ kind: 'missing' }, { kind: 'built', imageId: 'ami-13', conflicts: [] }]);
  });

  it('combines worker type and base OS filters', () => {
    expect(filterLineage(columns, rows, { baseOs: ['rhel8'], workerTypes: ['rhel8-tester', 'centos7-builder'] }).columns.map((c) => c.key)).toEqual(['rhel8-tester']);
  });

  it('finds rows by sha prefix or by AMI id in the visible columns', () => {
    expect(filterLineage(columns, rows, { search: 'def' }).rows.map((r) => r.sha)).toEqual(['def5678bbbb']);
    expect(filterLineage(columns, rows, { search: 'ami-02' }).rows.map((r) => r.sha)).toEqual(['abc1234aaaa']);
    expect(filterLineage(columns, rows, { search: 'ami-02', baseOs: ['centos7'] }).rows).toEqual([]);
  });
});
