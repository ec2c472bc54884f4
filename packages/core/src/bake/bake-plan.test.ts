import { describe, expect, it } from 'vitest';
import type { InfraCommitInfo } from '../lineage.ts';
import { planBake } from './bake-plan.ts';

// Newest first: e touched packer/, d did not, c touched it, b and a did not.
const history: InfraCommitInfo[] = [
  ['e', true],
  ['d', false],
  ['c', true],
  ['b', false],
  ['a', false],
].map(([sha, touchesPacker], position) => ({ sha: String(sha).repeat(40), position, authoredAt: new Date(0), author: 'sre', subject: String(sha), touchesPacker: Boolean(touchesPacker) }));
const sha = (letter: string) => letter.repeat(40);
const retagImages = new Map([['rhel8-builder', 'ami-0aaaaaaaaaaaaaaaa']]);
const newestImages = retagImages;

describe('planBake', () => {
  it('bakes when a commit after the last bake up to the asked one changed packer/', () => {
    const plan = planBake({ history, commit: sha('d'), lastBaked: sha('b'), workerTypes: ['rhel8-builder'], retagImages, newestImages });
    expect(plan).toMatchObject({ mode: 'full-bake', since: sha('b'), packerCommits: [sha('c')], retags: [] });
  });

  it('re-tags the newest AMIs when nothing since the last bake changed packer/', () => {
    const plan = planBake({ history, commit: sha('d'), lastBaked: sha('c'), workerTypes: ['rhel8-builder', 'rhel8-gpu'], retagImages, newestImages });
    expect(plan.mode).toBe('re-tag');
    expect(plan.retags).toEqual([
      { workerType: 'rhel8-builder', imageId: 'ami-0aaaaaaaaaaaaaaaa', newestImageId: null },
      { workerType: 'rhel8-gpu', imageId: null, newestImageId: null },
    ]);
  });

  it('names the newest AMI by commit when the re-tag moves the one created last instead', () => {
    const rebuiltOld = new Map([['rhel8-builder', 'ami-0bbbbbbbbbbbbbbbb']]);
    const plan = planBake({ history, commit: sha('d'), lastBaked: sha('c'), workerTypes: ['rhel8-builder'], retagImages: rebuiltOld, newestImages });
    expect(plan.retags).toEqual([{ workerType: 'rhel8-builder', imageId: 'ami-0bbbbbbbbbbbbbbbb', newestImageId: 'ami-0aaaaaaaaaaaaaaaa' }]);
  });

  it('re-tags the last baked commit itself', () => {
    expect(planBake({ history, commit: sha('c'), lastBaked: sha('c'), workerTypes: ['rhel8-builder'], retagImages, newestImages }).mode).toBe('re-tag');
  });

  it('compares the same way for a commit older than the last bake', () => {
    expect(planBake({ history, commit: sha('a'), lastBaked: sha('d'), workerTypes: ['rhel8-builder'], retagImages, newestImages })).toMatchObject({ mode: 'full-bake', packerCommits: [sha('c')] });
    expect(planBake({ history, commit: sha('a'), lastBaked: sha('b'), workerTypes: ['rhel8-builder'], retagImages, newestImages }).mode).toBe('re-tag');
  });

  it('bakes when there was no bake, or a commit is outside the history read', () => {
    expect(planBake({ history, commit: sha('d'), lastBaked: null, workerTypes: [], retagImages, newestImages }).mode).toBe('full-bake');
    expect(planBake({ history, commit: sha('f'), lastBaked: sha('d'), workerTypes: [], retagImages, newestImages }).mode).toBe('full-bake');
  });
});
