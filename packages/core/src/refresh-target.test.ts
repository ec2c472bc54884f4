import { describe, expect, it } from 'vitest';
import type { InfraCommitInfo } from './lineage.ts';
import { refreshRefusal, refreshTarget, type TargetAmi } from './refresh-target.ts';

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const day = (n: number) => new Date(Date.UTC(2026, 9, n));
/** Ten commits, newest first; the commits numbered 3, 6 and 9 touched packer/. */
const history: InfraCommitInfo[] = Array.from({ length: 10 }, (_, position) => {
  const n = 10 - position;
  return { sha: sha(n), position, authoredAt: day(n), author: 'sre', subject: `commit ${n}`, touchesPacker: n % 3 === 0 };
});
const PROD = '310000000001';

/** An AMI built at commit `built` and re-tagged up to commit `carriedTo`. */
function ami(imageId: string, built: number, carriedTo: number, sharedWith: string[] | null = [PROD], workerType = 'rhel8-builder'): TargetAmi {
  const observations = Array.from({ length: carriedTo - built + 1 }, (_, i) => ({ sha: sha(built + i), firstSeenAt: day(built + i), lastSeenAt: day(built + i) }));
  return { imageId, name: `${workerType}-${built}`, workerType, creationDate: day(built), deregisteredAt: null, builtCommit: sha(built), observations, sharedWith };
}
const amis = [ami('ami-3', 3, 5), ami('ami-6', 6, 8), ami('ami-9', 9, 10, [])];
const input = { accountId: PROD, workerType: 'rhel8-builder', history, amis };

describe('refreshTarget', () => {
  it('names the AMI new instances get, the commit it was built at, and how far it trails the newest', () => {
    const facts = refreshTarget({ ...input, imageId: 'ami-6', replaced: [] });
    expect(facts.target).toEqual({ imageId: 'ami-6', name: 'rhel8-builder-6', builtAt: sha(6) });
    expect(facts.newest).toMatchObject({ imageId: 'ami-9', builtAt: sha(9) });
    // ami-6 was the worker type's AMI up to commit 8; the newest is at commit 10: two commits between.
    expect(facts.commitsBehindNewest).toBe(2);
  });

  it('measures against the AMI carrying the newest commit, not one rebuilt at an old commit since', () => {
    const rebuilt = { ...ami('ami-rebuilt', 4, 4), creationDate: day(20) };
    const facts = refreshTarget({ ...input, amis: [...amis, rebuilt], imageId: 'ami-6', replaced: [] });
    expect(facts.newest?.imageId).toBe('ami-9');
    expect(facts.commitsBehindNewest).toBe(2);
  });

  it('says 0 commits behind when the target is the newest AMI', () => {
    expect(refreshTarget({ ...input, imageId: 'ami-9', replaced: [] }).commitsBehindNewest).toBe(0);
  });

  it('knows whether the group’s account may launch the target, and when it cannot know', () => {
    expect(refreshTarget({ ...input, imageId: 'ami-6', replaced: [] })).toMatchObject({ shared: true, newestShared: false });
    expect(refreshTarget({ ...input, imageId: 'ami-9', replaced: [] }).shared).toBe(false);
    const unchecked = refreshTarget({ ...input, amis: [ami('ami-6', 6, 8, null)], imageId: 'ami-6', replaced: [] });
    expect(unchecked.shared).toBeNull();
    expect(refreshTarget({ ...input, amis: [ami('ami-6', 6, 8, ['all'])], imageId: 'ami-6', replaced: [] }).shared).toBe(true);
  });

  it('lists the packer commits the move adds to each replaced instance, per AMI it runs', () => {
    const facts = refreshTarget({
      ...input,
      imageId: 'ami-9',
      replaced: [
        { instanceId: 'i-1', imageId: 'ami-3' },
        { instanceId: 'i-2', imageId: 'ami-6' },
        { instanceId: 'i-3', imageId: 'ami-3' },
      ],
    });
    expect(facts.changes).toHaveLength(2);
    const fromThree = facts.changes.find((c) => c.from?.imageId === 'ami-3')!;
    expect(fromThree.instances).toEqual(['i-1', 'i-3']);
    expect(fromThree.direction).toBe('forward');
    // Built at 3, the instances already have commit 3's change; 6 and 9 are new to them.
    expect(fromThree.packerCommits.map((c) => c.subject)).toEqual(['commit 9', 'commit 6']);
    expect(facts.changes.find((c) => c.from?.imageId === 'ami-6')!.packerCommits.map((c) => c.subject)).toEqual(['commit 9']);
  });

  it('says a move to an older AMI takes packer commits away', () => {
    const [change] = refreshTarget({ ...input, imageId: 'ami-3', replaced: [{ instanceId: 'i-1', imageId: 'ami-9' }] }).changes;
    expect(change).toMatchObject({ direction: 'back', packerCommits: [{ subject: 'commit 9' }, { subject: 'commit 6' }] });
  });

  it('changes nothing on instances replaced by the same AMI, and says when a commit is not in the history', () => {
    const same = refreshTarget({ ...input, imageId: 'ami-6', replaced: [{ instanceId: 'i-1', imageId: 'ami-6' }] }).changes[0];
    expect(same).toMatchObject({ direction: 'same', packerCommits: [] });
    const stranger = refreshTarget({ ...input, imageId: 'ami-6', replaced: [{ instanceId: 'i-1', imageId: 'ami-unknown' }] }).changes[0];
    expect(stranger).toMatchObject({ from: { imageId: 'ami-unknown', builtAt: null }, direction: 'unknown', packerCommits: [] });
  });
});

describe('refreshRefusal', () => {
  const base = { asgName: 'pool', accountName: 'app-sre', accountId: PROD, skipMatching: true, target: { imageId: 'ami-6', name: null, builtAt: null }, shared: true };

  it('refuses a start that would replace nothing, saying how to replace all anyway', () => {
    const refusal = refreshRefusal({ ...base, replaced: 0, skipped: 2 });
    expect(refusal?.code).toBe('nothing-to-replace');
    expect(refusal?.message).toMatch(/every in-service instance of pool \(2\) already runs ami-6.*replace nothing.*untick/);
    expect(refreshRefusal({ ...base, skipMatching: false, replaced: 0, skipped: 0 })?.message).toBe('pool has no instance in service to replace');
  });

  it('refuses a target the group’s account may not launch, but not one whose sharing is unknown', () => {
    expect(refreshRefusal({ ...base, replaced: 2, skipped: 0, shared: false })).toMatchObject({ code: 'ami-not-shared', message: expect.stringMatching(/ami-6 is not shared with account app-sre \(310000000001\).*fail to launch/) });
    expect(refreshRefusal({ ...base, replaced: 2, skipped: 0, shared: null })).toBeNull();
    expect(refreshRefusal({ ...base, replaced: 2, skipped: 0 })).toBeNull();
  });
});
