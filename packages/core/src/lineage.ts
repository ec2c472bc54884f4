import { sameCommit, shortSha } from './commit.ts';
import { CommitOrder } from './commit-order.ts';

/** A commit of the infra repo's history (from a local clone), newest at position 0. */
export interface InfraCommitInfo {
  sha: string;
  position: number;
  authoredAt: Date;
  author: string;
  subject: string;
  touchesPacker: boolean;
}

/** One (AMI, commit) pair the portal saw through the commit tag. */
export interface CommitObservation {
  sha: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** `cloudtrail`: the image sync missed the tag between two passes; CloudTrail's CreateTags shows it. */
  seenIn?: 'sync' | 'cloudtrail';
}

export interface LineageAmi {
  imageId: string;
  name: string;
  workerType: string | null;
  creationDate: Date;
  deregisteredAt: Date | null;
  builtCommit: string | null;
  observations: CommitObservation[];
}

export type BuiltAtSource = 'tag' | 'history' | 'first-seen';

export interface BuiltAt {
  sha: string;
  source: BuiltAtSource;
}

export type LineageCell =
  | { kind: 'built'; imageId: string; conflicts: string[] }
  | { kind: 'carried'; imageId: string; builtAt: string | null; evidence: 'observed' | 'inferred'; seenIn?: 'cloudtrail'; conflicts: string[] }
  | { kind: 'missing' };

export type LineageFlag = 'packer-change-without-ami' | 'ami-without-packer-change' | 'incomplete-build' | 'no-ami' | 'not-in-history';

export interface LineageRow {
  sha: string;
  shortSha: string;
  subject: string | null;
  author: string | null;
  authoredAt: Date | null;
  /** null when no local clone of the infra repo is configured. */
  touchesPacker: boolean | null;
  /** Cells in the order of the worker types given to {@link buildLineage}. */
  cells: LineageCell[];
  flags: LineageFlag[];
}

export interface LineageInput {
  workerTypes: string[];
  /** The infra repo history, newest first; empty when no clone is configured. */
  history: InfraCommitInfo[];
  amis: LineageAmi[];
}

/**
 * The commit an AMI was built at: its built-commit tag when present; else, with history, the
 * oldest commit it was seen carrying; else the commit it was first seen with.
 */
export function builtAtOf(ami: LineageAmi, history: InfraCommitInfo[] | CommitOrder): BuiltAt | null {
  const index = history instanceof CommitOrder ? history : new CommitOrder(history);
  if (ami.builtCommit) return { sha: index.resolve(ami.builtCommit), source: 'tag' };
  if (ami.observations.length === 0) return null;
  let oldest: { sha: string; position: number } | null = null;
  for (const o of ami.observations) {
    const sha = index.resolve(o.sha);
    const position = index.positions.get(sha);
    if (position !== undefined && (oldest === null || position > oldest.position)) oldest = { sha, position };
  }
  if (oldest) return { sha: oldest.sha, source: 'history' };
  const first = ami.observations.reduce((a, b) => (a.firstSeenAt <= b.firstSeenAt ? a : b));
  return { sha: index.resolve(first.sha), source: 'first-seen' };
}

interface ResolvedAmi {
  ami: LineageAmi;
  builtAt: string | null;
  commits: Set<string>;
  /** Positions in history of the build and of the newest commit seen; null when unknown. */
  builtPosition: number | null;
  newestPosition: number | null;
}

/** The commits × worker types grid: which AMI each worker type had at each infra commit. */
export function buildLineage(input: LineageInput): LineageRow[] {
  const index = new CommitOrder(input.history);
  const resolve = (sha: string) => index.resolve(sha);
  const positions = index.positions;
  const resolved: ResolvedAmi[] = input.amis.map((ami) => {
    const builtAt = builtAtOf(ami, index)?.sha ?? null;
    const commits = new Set(ami.observations.map((o) => resolve(o.sha)));
    const seen = [...commits].map((sha) => positions.get(sha)).filter((p): p is number => p !== undefined);
    return {
      ami,
      builtAt,
      commits,
      builtPosition: builtAt === null ? null : (positions.get(builtAt) ?? null),
      newestPosition: seen.length > 0 ? Math.min(...seen) : null,
    };
  });

  const rows = rowCommits(input, resolved, resolve);
  const columns = input.workerTypes.map((type) => new ColumnIndex(resolved.filter((r) => r.ami.workerType === type)));
  // Rows from history come in position order, which lets each column sweep its carry intervals once.
  return rows.map((commit) => {
    const cells = columns.map((column) => column.cellFor(commit));
    return { ...commit, shortSha: shortSha(commit.sha), cells, flags: flagsFor(commit, cells) };
  });
}

type RowCommit = Omit<LineageRow, 'cells' | 'flags' | 'shortSha'> & { position: number | null; inHistory: boolean };

function rowCommits(input: LineageInput, resolved: ResolvedAmi[], resolve: (sha: string) => string): RowCommit[] {
  const known = new Set(input.history.map((c) => c.sha));
  const fromHistory: RowCommit[] = input.history.map((c) => ({
    sha: c.sha,
    subject: c.subject,
    author: c.author,
    authoredAt: c.authoredAt,
    touchesPacker: c.touchesPacker,
    position: c.position,
    inHistory: true,
  }));

  // Commits only known from tags: order them by when they first showed up in AWS.
  const firstShown = new Map<string, Date>();
  const note = (sha: string, at: Date) => {
    const before = firstShown.get(sha);
    if (!before || at < before) firstShown.set(sha, at);
  };
  for (const r of resolved) {
    for (const o of r.ami.observations) note(resolve(o.sha), o.firstSeenAt);
    if (r.builtAt) note(r.builtAt, r.ami.creationDate);
  }
  const observedOnly: RowCommit[] = [...firstShown.entries()]
    .filter(([sha]) => !known.has(sha))
    .sort(([, a], [, b]) => b.getTime() - a.getTime())
    .map(([sha]) => ({ sha, subject: null, author: null, authoredAt: null, touchesPacker: null, position: null, inHistory: input.history.length === 0 }));
  return [...fromHistory, ...observedOnly];
}

/** One worker type's AMIs, indexed by commit and by the span of history each was in service. */
class ColumnIndex {
  private readonly bySha = new Map<string, ResolvedAmi[]>();
  /** Carry spans [newest seen, built] in positions, by their start. */
  private readonly spans: ResolvedAmi[];
  private next = 0;
  private active: ResolvedAmi[] = [];

  constructor(amis: ResolvedAmi[]) {
    for (const r of amis) {
      for (const sha of new Set([...r.commits, ...(r.builtAt ? [r.builtAt] : [])])) {
        const list = this.bySha.get(sha) ?? [];
        list.push(r);
        this.bySha.set(sha, list);
      }
    }
    this.spans = amis
      .filter((r) => r.builtPosition !== null && r.newestPosition !== null && r.newestPosition <= r.builtPosition)
      .sort((a, b) => a.newestPosition! - b.newestPosition!);
  }

  cellFor(commit: RowCommit): LineageCell {
    const carriers = commit.position === null ? [] : this.carriersAt(commit.position);
    const observed = this.bySha.get(commit.sha) ?? [];
    if (observed.length > 0) {
      const ordered = [...observed].sort(
        (a, b) =>
          Number(b.builtAt === commit.sha) - Number(a.builtAt === commit.sha) ||
          b.ami.creationDate.getTime() - a.ami.creationDate.getTime(),
      );
      const primary = ordered[0]!;
      const conflicts = ordered.slice(1).map((r) => r.ami.imageId);
      if (primary.builtAt === commit.sha) return { kind: 'built', imageId: primary.ami.imageId, conflicts };
      // Observed only in CloudTrail: the tag came and went between two image syncs.
      const seen = primary.ami.observations.filter((o) => sameCommit(o.sha, commit.sha));
      const onlyInTrail = seen.length > 0 && seen.every((o) => o.seenIn === 'cloudtrail');
      return { kind: 'carried', imageId: primary.ami.imageId, builtAt: primary.builtAt, evidence: 'observed', ...(onlyInTrail ? { seenIn: 'cloudtrail' as const } : {}), conflicts };
    }
    // A commit that did not touch packer/ re-tags the AMIs in service; an AMI seen carrying a newer
    // commit than the one it was built at therefore carried every such commit in between.
    if (commit.touchesPacker !== false || carriers.length === 0) return { kind: 'missing' };
    const [primary, ...rest] = [...carriers].sort((a, b) => a.builtPosition! - b.builtPosition!);
    return {
      kind: 'carried',
      imageId: primary!.ami.imageId,
      builtAt: primary!.builtAt,
      evidence: 'inferred',
      conflicts: rest.map((r) => r.ami.imageId),
    };
  }

  /** AMIs whose span covers position p; positions must be asked in increasing order. */
  private carriersAt(p: number): ResolvedAmi[] {
    while (this.next < this.spans.length && this.spans[this.next]!.newestPosition! <= p) {
      this.active.push(this.spans[this.next]!);
      this.next += 1;
    }
    this.active = this.active.filter((r) => r.builtPosition! >= p);
    return this.active;
  }
}

function flagsFor(commit: RowCommit, cells: LineageCell[]): LineageFlag[] {
  const flags: LineageFlag[] = [];
  const built = cells.filter((c) => c.kind === 'built').length;
  if (!commit.inHistory) flags.push('not-in-history');
  if (commit.touchesPacker === true && built === 0) flags.push('packer-change-without-ami');
  if (commit.touchesPacker === false && built > 0) flags.push('ami-without-packer-change');
  if (commit.touchesPacker !== false && built > 0 && built < cells.length) flags.push('incomplete-build');
  if (cells.length > 0 && cells.every((c) => c.kind === 'missing')) flags.push('no-ami');
  return flags;
}
