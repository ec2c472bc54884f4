import { sameCommit } from './commit.ts';
import type { InfraCommitInfo } from './lineage.ts';

/** Where the infra repo's commits stand in its first-parent history: 0 is the head, higher is older. */
export class CommitOrder {
  readonly positions: ReadonlyMap<string, number>;
  private readonly expanded = new Map<string, string>();

  constructor(private readonly history: readonly InfraCommitInfo[]) {
    this.positions = new Map(history.map((c) => [c.sha, c.position]));
  }

  /** The full sha of the history's only commit matching an abbreviation; else the sha as given. */
  resolve(sha: string): string {
    if (this.positions.has(sha)) return sha;
    let full = this.expanded.get(sha);
    if (full === undefined) {
      const matches = this.history.filter((c) => sameCommit(sha, c.sha));
      full = matches.length === 1 ? matches[0]!.sha : sha;
      this.expanded.set(sha, full);
    }
    return full;
  }

  /** A commit's position; an abbreviated sha counts when one commit only has it; null when the history lacks it. */
  positionOf(sha: string | null): number | null {
    return sha === null ? null : (this.positions.get(this.resolve(sha)) ?? null);
  }
}
