import type { InfraCommitInfo } from '../lineage.ts';

/** What the bake job will do for a commit, decided the way build_images.sh decides it. */
export interface BakePlan {
  mode: 'full-bake' | 're-tag';
  commit: string;
  /** The commit of the last bake, which the job compares with; null when there was none. */
  since: string | null;
  /** The commits between the two that touched packer/, newest first: why it is a full bake. */
  packerCommits: string[];
  workerTypes: string[];
  /** For a re-tag, the AMI of each worker type that will carry the commit; null where it has none. */
  retags: {
    workerType: string;
    imageId: string | null;
    /** The worker type's newest AMI by commit order when the re-tag moves another one (one rebuilt at an older commit since); else null. */
    newestImageId: string | null;
  }[];
}

export interface BakePlanInput {
  /** The infra repo's first-parent history, newest first (position 0). */
  history: readonly InfraCommitInfo[];
  commit: string;
  lastBaked: string | null;
  workerTypes: readonly string[];
  /**
   * Each worker type's AMI a re-tag moves on to the commit: build_images.sh takes the available
   * one created last (describe-images sorted by CreationDate), whatever commit it was built at.
   */
  retagImages: ReadonlyMap<string, string>;
  /** Each worker type's newest available AMI by commit order (`newestImage`), which the re-tag should carry. */
  newestImages: ReadonlyMap<string, string>;
}

/**
 * build_images.sh bakes every requested worker type when a commit after the last bake, up to the
 * requested one, changed packer/ (or when either commit is not in the history read); otherwise it
 * re-tags the AMIs created last with the commit, which the plan tells apart from the newest.
 */
export function planBake(input: BakePlanInput): BakePlan {
  const position = new Map(input.history.map((c) => [c.sha, c.position]));
  const target = position.get(input.commit);
  const last = input.lastBaked === null ? undefined : position.get(input.lastBaked);
  let packerCommits: string[] = [];
  let fullBake = target === undefined || last === undefined;
  if (!fullBake) {
    const [newer, older] = [Math.min(target!, last!), Math.max(target!, last!)];
    packerCommits = input.history.filter((c) => c.position >= newer && c.position < older && c.touchesPacker).map((c) => c.sha);
    fullBake = packerCommits.length > 0;
  }
  return {
    mode: fullBake ? 'full-bake' : 're-tag',
    commit: input.commit,
    since: input.lastBaked,
    packerCommits,
    workerTypes: [...input.workerTypes],
    retags: fullBake ? [] : input.workerTypes.map((workerType) => retagOf(workerType, input)),
  };
}

function retagOf(workerType: string, input: BakePlanInput): BakePlan['retags'][number] {
  const imageId = input.retagImages.get(workerType) ?? null;
  const newest = input.newestImages.get(workerType) ?? null;
  return { workerType, imageId, newestImageId: newest !== imageId ? newest : null };
}
