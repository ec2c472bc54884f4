import { describe, expect, it } from 'vitest';
import type { InfraCommitInfo, LineageAmi } from './lineage.ts';
import { CommitOrder } from './commit-order.ts';
import { newestCommitCarried, newestImage, newestImageByWorkerType } from './newest-image.ts';

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const day = (n: number) => new Date(Date.UTC(2026, 9, n));
/** Ten commits, newest first: commit 10 is the head. */
const history: InfraCommitInfo[] = Array.from({ length: 10 }, (_, position) => {
  const n = 10 - position;
  return { sha: sha(n), position, authoredAt: day(n), author: 'sre', subject: `commit ${n}`, touchesPacker: n % 3 === 0 };
});
const order = new CommitOrder(history);

/** An AMI built at commit `built`, re-tagged up to `carriedTo`, created on `createdOn`. */
function ami(imageId: string, built: number, carriedTo: number, createdOn: number, workerType = 'centos7-builder'): LineageAmi {
  const observations = Array.from({ length: carriedTo - built + 1 }, (_, i) => ({ sha: sha(built + i), firstSeenAt: day(built + i), lastSeenAt: day(built + i) }));
  return { imageId, name: `${workerType}-${built}`, workerType, creationDate: day(createdOn), deregisteredAt: null, builtCommit: sha(built), observations };
}

/** An AMI whose only commit the infra history does not have. */
function unknownCommit(imageId: string, createdOn: number): LineageAmi {
  const stranger = 'f'.repeat(40);
  return { imageId, name: imageId, workerType: 'centos7-builder', creationDate: day(createdOn), deregisteredAt: null, builtCommit: stranger, observations: [{ sha: stranger, firstSeenAt: day(createdOn), lastSeenAt: day(createdOn) }] };
}

describe('newestImage', () => {
  it('is the AMI carrying the most recent commit, not an AMI rebuilt at an old commit after it', () => {
    const carriedToHead = ami('ami-head', 6, 10, 6);
    const rebuiltOld = ami('ami-rebuilt', 2, 2, 20);
    expect(newestImage([rebuiltOld, carriedToHead], order)?.imageId).toBe('ami-head');
    expect(newestImage([carriedToHead, rebuiltOld], order)?.imageId).toBe('ami-head');
  });

  it('goes to the AMI created last when several carry the same newest commit', () => {
    const first = ami('ami-first', 8, 9, 8);
    const second = ami('ami-second', 9, 9, 12);
    expect(newestImage([first, second], order)?.imageId).toBe('ami-second');
    expect(newestImage([second, first], order)?.imageId).toBe('ami-second');
  });

  it('ranks an AMI whose commit the history lacks below every known commit, however recent', () => {
    expect(newestImage([unknownCommit('ami-stranger', 30), ami('ami-old', 1, 1, 1)], order)?.imageId).toBe('ami-old');
  });

  it('orders AMIs of unknown commits by creation among themselves, as without a clone', () => {
    expect(newestImage([unknownCommit('ami-a', 3), unknownCommit('ami-b', 5)], order)?.imageId).toBe('ami-b');
    const noHistory = new CommitOrder([]);
    expect(newestImage([ami('ami-built-late', 2, 2, 9), ami('ami-carried-far', 5, 10, 5)], noHistory)?.imageId).toBe('ami-built-late');
  });

  it('reads an abbreviated commit tag as the one commit it names', () => {
    const abbreviated = { ...ami('ami-short', 9, 9, 1), builtCommit: null, observations: [{ sha: sha(9).slice(0, 7), firstSeenAt: day(9), lastSeenAt: day(9) }] };
    expect(newestCommitCarried(abbreviated, order)).toBe(1);
    expect(newestImage([ami('ami-seven', 7, 7, 20), abbreviated], order)?.imageId).toBe('ami-short');
  });

  it('is undefined without AMIs', () => {
    expect(newestImage([], order)).toBeUndefined();
  });
});

describe('newestImageByWorkerType', () => {
  it('picks each worker type’s newest apart and leaves out AMIs of no worker type', () => {
    const amis = [ami('ami-c7', 6, 10, 6), ami('ami-c7-rebuilt', 3, 3, 15), ami('ami-r8', 9, 9, 9, 'rhel8-builder'), { ...ami('ami-none', 10, 10, 20), workerType: null }];
    const newest = newestImageByWorkerType(amis, order);
    expect(new Map([...newest].map(([type, a]) => [type, a.imageId]))).toEqual(
      new Map([
        ['centos7-builder', 'ami-c7'],
        ['rhel8-builder', 'ami-r8'],
      ]),
    );
  });
});
