import { describe, expect, it } from 'vitest';
import { buildLineage, builtAtOf, type InfraCommitInfo, type LineageAmi } from './lineage.ts';

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const day = (n: number) => new Date(Date.UTC(2026, 9, n));

/** History newest first; `packer` lists the positions whose commit touched packer/. */
function history(count: number, packer: number[]): InfraCommitInfo[] {
  return Array.from({ length: count }, (_, position) => ({
    sha: sha(count - position),
    position,
    authoredAt: day(count - position),
    author: 'sre',
    subject: `commit ${count - position}`,
    touchesPacker: packer.includes(position),
  }));
}

function ami(imageId: string, workerType: string, seen: string[], extra: Partial<LineageAmi> = {}): LineageAmi {
  return {
    imageId,
    name: imageId,
    workerType,
    creationDate: day(1),
    deregisteredAt: null,
    builtCommit: null,
    observations: seen.map((s, i) => ({ sha: s, firstSeenAt: day(10 + i), lastSeenAt: day(10 + i) })),
    ...extra,
  };
}

describe('buildLineage', () => {
  it('marks the build commit as built and later observed re-tags as carried from it', () => {
    const h = history(3, [2]);
    const rows = buildLineage({ workerTypes: ['rhel8'], history: h, amis: [ami('ami-1', 'rhel8', [sha(1), sha(2), sha(3)])] });
    expect(rows.map((r) => r.cells[0])).toEqual([
      { kind: 'carried', imageId: 'ami-1', builtAt: sha(1), evidence: 'observed', conflicts: [] },
      { kind: 'carried', imageId: 'ami-1', builtAt: sha(1), evidence: 'observed', conflicts: [] },
      { kind: 'built', imageId: 'ami-1', conflicts: [] },
    ]);
  });

  it('marks a re-tag the image sync missed but CloudTrail recorded as observed there, not inferred', () => {
    const h = history(5, [4]);
    const tagged = ami('ami-1', 'rhel8', [sha(5)], { builtCommit: sha(1) });
    tagged.observations.push({ sha: sha(3), firstSeenAt: day(9), lastSeenAt: day(9), seenIn: 'cloudtrail' });
    const rows = buildLineage({ workerTypes: ['rhel8'], history: h, amis: [tagged] });
    expect(rows[2]!.cells[0]).toEqual({ kind: 'carried', imageId: 'ami-1', builtAt: sha(1), evidence: 'observed', seenIn: 'cloudtrail', conflicts: [] });
    expect(rows[0]!.cells[0]).toEqual({ kind: 'carried', imageId: 'ami-1', builtAt: sha(1), evidence: 'observed', conflicts: [] });
    expect(rows[1]!.cells[0]).toMatchObject({ evidence: 'inferred' });
  });

  it('infers carried commits between the build and the newest re-tag seen when they did not touch packer/', () => {
    const h = history(5, [4]);
    const rows = buildLineage({
      workerTypes: ['rhel8'],
      history: h,
      amis: [ami('ami-1', 'rhel8', [sha(5)], { builtCommit: sha(1) })],
    });
    expect(rows.map((r) => r.cells[0]!.kind)).toEqual(['carried', 'carried', 'carried', 'carried', 'built']);
    expect(rows[0]!.cells[0]).toMatchObject({ evidence: 'observed' });
    expect(rows[2]!.cells[0]).toMatchObject({ evidence: 'inferred', builtAt: sha(1) });
  });

  it('never infers a re-tag on a commit that touched packer/: that commit is missing its build', () => {
    const h = history(4, [3, 1]);
    const rows = buildLineage({
      workerTypes: ['rhel8'],
      history: h,
      amis: [ami('ami-1', 'rhel8', [sha(4)], { builtCommit: sha(1) })],
    });
    const failed = rows.find((r) => r.sha === sha(3))!;
    expect(failed.cells[0]).toEqual({ kind: 'missing' });
    expect(failed.flags).toContain('packer-change-without-ami');
    expect(failed.flags).toContain('no-ami');
  });

  it('keeps every commit an AMI was re-tagged with, many times over', () => {
    const seen = [1, 2, 3, 4, 5, 6].map(sha);
    const rows = buildLineage({ workerTypes: ['w'], history: [], amis: [ami('ami-1', 'w', seen)] });
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.cells[0]!.kind === 'carried')).toHaveLength(5);
    expect(rows.at(-1)!.cells[0]).toMatchObject({ kind: 'built' });
    expect(rows[0]!.sha).toBe(sha(6));
  });

  it('reports two AMIs that claim the same commit and worker type as a conflict', () => {
    const rows = buildLineage({
      workerTypes: ['w'],
      history: history(1, [0]),
      amis: [
        ami('ami-old', 'w', [sha(1)], { creationDate: day(1) }),
        ami('ami-new', 'w', [sha(1)], { creationDate: day(2) }),
      ],
    });
    expect(rows[0]!.cells[0]).toEqual({ kind: 'built', imageId: 'ami-new', conflicts: ['ami-old'] });
  });

  it('shows a commit of the history with no AMI at all as missing for every worker type', () => {
    const rows = buildLineage({ workerTypes: ['a', 'b'], history: history(2, [0, 1]), amis: [ami('ami-1', 'a', [sha(1)])] });
    const head = rows[0]!;
    expect(head.cells).toEqual([{ kind: 'missing' }, { kind: 'missing' }]);
    expect(head.flags).toEqual(['packer-change-without-ami', 'no-ami']);
  });

  it('flags a new AMI at a commit that did not touch packer/', () => {
    const rows = buildLineage({ workerTypes: ['a'], history: history(2, [1]), amis: [ami('ami-2', 'a', [sha(2)]), ami('ami-1', 'a', [sha(1)])] });
    expect(rows[0]!.flags).toContain('ami-without-packer-change');
  });

  it('flags a packer change that built some worker types but not all', () => {
    const rows = buildLineage({ workerTypes: ['a', 'b'], history: history(1, [0]), amis: [ami('ami-1', 'a', [sha(1)])] });
    expect(rows[0]!.flags).toEqual(['incomplete-build']);
  });

  it('expands abbreviated shas from tags to the full commit of the history', () => {
    const h = history(2, [1]);
    const rows = buildLineage({ workerTypes: ['a'], history: h, amis: [ami('ami-1', 'a', [sha(1).slice(0, 7), sha(2).slice(0, 7)])] });
    expect(rows.map((r) => r.cells[0]!.kind)).toEqual(['carried', 'built']);
    expect(rows).toHaveLength(2);
  });

  it('ignores AMIs without a worker type in the grid', () => {
    const rows = buildLineage({ workerTypes: ['a'], history: history(1, [0]), amis: [ami('ami-x', null as unknown as string, [sha(1)])] });
    expect(rows[0]!.cells).toEqual([{ kind: 'missing' }]);
  });

  it('lists commits seen in tags but absent from the history after the history, flagged', () => {
    const rows = buildLineage({ workerTypes: ['a'], history: history(1, [0]), amis: [ami('ami-1', 'a', [sha(1), sha(99)])] });
    expect(rows.map((r) => r.sha)).toEqual([sha(1), sha(99)]);
    expect(rows[1]!.flags).toContain('not-in-history');
  });
});

describe('builtAtOf', () => {
  it('prefers the built-commit tag, then the oldest commit in history, then the first seen', () => {
    const h = history(3, [2]);
    expect(builtAtOf(ami('a', 'w', [sha(2)], { builtCommit: sha(1) }), h)).toEqual({ sha: sha(1), source: 'tag' });
    expect(builtAtOf(ami('a', 'w', [sha(3), sha(2)]), h)).toEqual({ sha: sha(2), source: 'history' });
    expect(builtAtOf(ami('a', 'w', [sha(7), sha(8)]), [])).toEqual({ sha: sha(7), source: 'first-seen' });
    expect(builtAtOf(ami('a', 'w', []), h)).toBeNull();
  });
});
