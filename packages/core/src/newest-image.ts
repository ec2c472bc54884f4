import type { CommitOrder } from './commit-order.ts';
import type { LineageAmi } from './lineage.ts';

/** What ranks an AMI: the commit it was built at, the commit tags it was seen carrying, and when it was made. */
export type RankedImage = Pick<LineageAmi, 'creationDate' | 'builtCommit' | 'observations'>;

/** The newest commit an AMI carried (its build or any commit tag seen), as a position; null when none is in the history. */
export function newestCommitCarried(image: RankedImage, order: CommitOrder): number | null {
  let newest: number | null = null;
  for (const sha of [image.builtCommit, ...image.observations.map((o) => o.sha)]) {
    const position = order.positionOf(sha);
    if (position !== null && (newest === null || position < newest)) newest = position;
  }
  return newest;
}

/**
 * The newest of some AMIs: the one carrying the most recent commit of the infra history, not the
 * one made last. A rebuild at an old commit (the portal's Rebuild on an old lineage row) makes the
 * AMI created last, and it still holds only that old commit's state.
 *
 * Ties at one commit go to the AMI made last: a second build of the same commit replaces the first.
 * An AMI none of whose commits the history has (no clone configured, a commit not fetched yet, a
 * force-pushed one) ranks below every AMI with a known commit, since nothing says it is newer than
 * any of them; among themselves such AMIs go by creation time, as nothing else orders them.
 */
export function newestImage<T extends RankedImage>(images: Iterable<T>, order: CommitOrder): T | undefined {
  let newest: { image: T; position: number | null } | undefined;
  for (const image of images) {
    const position = newestCommitCarried(image, order);
    if (!newest || ranksAbove(image, position, newest.image, newest.position)) newest = { image, position };
  }
  return newest?.image;
}

function ranksAbove(a: RankedImage, aPosition: number | null, b: RankedImage, bPosition: number | null): boolean {
  if (aPosition !== bPosition) return bPosition === null || (aPosition !== null && aPosition < bPosition);
  return a.creationDate > b.creationDate;
}

/**
 * Each worker type's newest AMI (see {@link newestImage}) among those given: the caller passes the
 * ones that count for it, the registered ones or only those available.
 */
export function newestImageByWorkerType<T extends RankedImage & { workerType: string | null }>(images: Iterable<T>, order: CommitOrder): Map<string, T> {
  const byType = new Map<string, T[]>();
  for (const image of images) {
    if (image.workerType === null) continue;
    const list = byType.get(image.workerType) ?? [];
    list.push(image);
    byType.set(image.workerType, list);
  }
  return new Map([...byType].map(([workerType, list]) => [workerType, newestImage(list, order)!]));
}
