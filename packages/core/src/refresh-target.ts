import { sameCommit } from './commit.ts';
import { builtAtOf, type InfraCommitInfo, type LineageAmi } from './lineage.ts';
import { CommitOrder } from './commit-order.ts';
import { newestCommitCarried, newestImage } from './newest-image.ts';

/** An AMI as the refresh facts need it: its lineage and which accounts may launch it. */
export interface TargetAmi extends LineageAmi {
  /** Accounts that may launch it ('all' when public); null while its launch permissions were never read. */
  sharedWith: readonly string[] | null;
}

export interface AmiRef {
  imageId: string;
  name: string | null;
  /** The commit it was built at, as the lineage attributes it; null when nothing says. */
  builtAt: string | null;
}

export interface PackerCommit {
  sha: string;
  subject: string;
  author: string;
  authoredAt: Date;
}

/** What changes on instances that run one AMI when they are replaced by instances of the target. */
export interface NodeChange {
  from: AmiRef | null;
  /** The instances replaced that run it. */
  instances: string[];
  /**
   * `forward`: the target was built later (its packer commits are added); `back`: earlier (they are
   * taken away); `same`: the same AMI or build commit; `unknown`: a commit is missing from the history.
   */
  direction: 'forward' | 'back' | 'same' | 'unknown';
  /** The commits between the two build commits that touched the packer folder, newest first. */
  packerCommits: PackerCommit[];
}

export interface RefreshTarget {
  /** The AMI new instances get (the launch template's), when known. */
  target: AmiRef | null;
  /** The newest registered AMI of the group's worker type. */
  newest: AmiRef | null;
  /** Infra commits the target trails the newest AMI by; 0 when it is the newest; null when unknown. */
  commitsBehindNewest: number | null;
  /** Whether the group's account may launch the target; null while unknown. */
  shared: boolean | null;
  /** Whether the newest AMI may be launched by the group's account; null while unknown. */
  newestShared: boolean | null;
  changes: NodeChange[];
}

export interface RefreshTargetInput {
  accountId: string;
  workerType: string | null;
  /** The AMI the group's launch template launches. */
  imageId: string | null;
  /** The AMIs the portal knows (any worker type); only the group's are used. */
  amis: readonly TargetAmi[];
  /** The infra repo's first-parent history, newest first (position 0); empty without a clone. */
  history: readonly InfraCommitInfo[];
  /** The instances the refresh will replace, with the AMI each runs. */
  replaced: readonly { instanceId: string; imageId: string | null }[];
}

function refOf(ami: TargetAmi, history: readonly InfraCommitInfo[]): AmiRef {
  return { imageId: ami.imageId, name: ami.name, builtAt: builtAtOf(ami, [...history])?.sha ?? null };
}

const sharedTo = (ami: TargetAmi | undefined, accountId: string) =>
  ami?.sharedWith == null ? null : ami.sharedWith.includes(accountId) || ami.sharedWith.includes('all');

/**
 * What a refresh of a group really does to its nodes: which AMI (and build commit) new instances
 * get, how far that is from the worker type's newest AMI, whether the group's account may launch
 * it, and per AMI the replaced instances run, the packer commits the move adds or takes away.
 */
export function refreshTarget(input: RefreshTargetInput): RefreshTarget {
  const order = new CommitOrder(input.history);
  const byId = new Map(input.amis.map((a) => [a.imageId, a]));
  const targetAmi = input.imageId === null ? undefined : byId.get(input.imageId);
  const target: AmiRef | null = targetAmi ? refOf(targetAmi, input.history) : input.imageId === null ? null : { imageId: input.imageId, name: null, builtAt: null };
  const newestAmi = input.workerType === null ? undefined : newestImage(input.amis.filter((a) => a.workerType === input.workerType && a.deregisteredAt === null), order);
  const newest = newestAmi ? refOf(newestAmi, input.history) : null;

  let commitsBehindNewest: number | null = null;
  if (target && newest && target.imageId === newest.imageId) commitsBehindNewest = 0;
  else if (targetAmi && newestAmi && target && newest) {
    // Both measured the way the newest is chosen: the newest commit each AMI carried.
    const [t, n] = [newestCommitCarried(targetAmi, order), newestCommitCarried(newestAmi, order)];
    if (t !== null && n !== null) commitsBehindNewest = Math.max(0, t - n);
  }

  const groups = new Map<string | null, string[]>();
  for (const i of input.replaced) groups.set(i.imageId, [...(groups.get(i.imageId) ?? []), i.instanceId]);
  const changes = [...groups.entries()].map(([imageId, instances]) => {
    const fromAmi = imageId === null ? undefined : byId.get(imageId);
    const from: AmiRef | null = fromAmi ? refOf(fromAmi, input.history) : imageId === null ? null : { imageId, name: null, builtAt: null };
    return { from, instances, ...movement(from, target, input.history, order) };
  });
  return {
    target,
    newest,
    commitsBehindNewest,
    shared: sharedTo(targetAmi, input.accountId),
    newestShared: sharedTo(newestAmi, input.accountId),
    changes,
  };
}

function movement(from: AmiRef | null, to: AmiRef | null, history: readonly InfraCommitInfo[], order: CommitOrder): Pick<NodeChange, 'direction' | 'packerCommits'> {
  if (from && to && (from.imageId === to.imageId || (from.builtAt !== null && to.builtAt !== null && sameCommit(from.builtAt, to.builtAt)))) {
    return { direction: 'same', packerCommits: [] };
  }
  const [f, t] = [order.positionOf(from?.builtAt ?? null), order.positionOf(to?.builtAt ?? null)];
  if (f === null || t === null) return { direction: 'unknown', packerCommits: [] };
  // An AMI built at a commit carries that commit's change: the span starts at the newer build, inclusive.
  const [newer, older] = t < f ? [t, f] : [f, t];
  const packerCommits = history
    .filter((c) => c.position >= newer && c.position < older && c.touchesPacker)
    .map(({ sha, subject, author, authoredAt }) => ({ sha, subject, author, authoredAt }));
  return { direction: t < f ? 'forward' : 'back', packerCommits };
}

export type RefreshRefusalCode = 'nothing-to-replace' | 'ami-not-shared';

export interface RefreshRefusal {
  code: RefreshRefusalCode;
  message: string;
}

/**
 * Why a refresh must not start, or null. A start that replaces nothing would still be reported
 * by AWS as a success and start a cool-down; a target the account may not launch fails at the
 * first replacement, with an instance already taken out.
 */
export function refreshRefusal(input: {
  asgName: string;
  accountName: string;
  accountId: string;
  skipMatching: boolean;
  replaced: number;
  skipped: number;
  target: RefreshTarget['target'];
  shared: boolean | null;
}): RefreshRefusal | null {
  if (input.replaced === 0) {
    const message =
      input.skipped > 0
        ? `every in-service instance of ${input.asgName} (${input.skipped}) already runs ${input.target?.imageId ?? 'the launch template’s configuration'}, so with skip matching the refresh would replace nothing ` +
          'and only start a cool-down; to replace them all anyway, untick “Skip instances already on the desired configuration”'
        : `${input.asgName} has no instance in service to replace`;
    return { code: 'nothing-to-replace', message };
  }
  if (input.shared === false && input.target) {
    return {
      code: 'ami-not-shared',
      message:
        `${input.target.imageId} is not shared with account ${input.accountName} (${input.accountId}), so every new instance would fail to launch after an old one was taken out; ` +
        'share it with the account (launch permission) and wait for the next sharing sync, or point the launch template at a shared AMI',
    };
  }
  return null;
}
