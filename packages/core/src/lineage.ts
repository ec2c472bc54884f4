import { sameCommit, shortSha } from './commit.ts';

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
  | { kind: 'carried'; imageId: string; builtAt: string | null; evidence: 'observed' | 'inferred'; conflicts: string[] }
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

/** Expands abbreviated shas to the full sha of the history when exactly one commit matches. */
function resolverFor(history: InfraCommitInfo[]): (sha: string) => string {
  const full = new Set(history.map((c) => c.sha));
  return (sha) => {
    if (full.has(sha)) return sha;
    const matches = history.filter((c) => sameCommit(sha, c.sha));
    return matches.length === 1 ? matches[0]!.sha : sha;
  };
}

/**
 * The commit an AMI was built at: its built-commit tag when present; else, with history, the
 * oldest commit it was seen carrying; else the commit it was first seen with.
 */
export function builtAtOf(ami: LineageAmi, history: InfraCommitInfo[]): BuiltAt | null {
  const resolve = resolverFor(history);
  if (ami.builtCommit) return { sha: resolve(ami.builtCommit), source: 'tag' };
  if (ami.observations.length === 0) return null;
  const positions = new Map(history.map((c) => [c.sha, c.position]));
  const inHistory = ami.observations.filter((o) => positions.has(resolve(o.sha)));
  if (inHistory.length > 0) {
    const oldest = inHistory.reduce((a, b) => (positions.get(resolve(a.sha))! >= positions.get(resolve(b.sha))! ? a : b));
    return { sha: resolve(oldest.sha), source: 'history' };
  }
  const first = ami.observations.reduce((a, b) => (a.firstSeenAt <= b.firstSeenAt ? a : b));
  return { sha: resolve(first.sha), source: 'first-seen' };
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
  const resolve = resolverFor(input.history);
  const positions = new Map(input.history.map((c) => [c.sha, c.position]));
  const resolved: ResolvedAmi[] = input.amis.map((ami) => {
    const builtAt = builtAtOf(ami, input.history)?.sha ?? null;
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
  const byType = input.workerTypes.map((type) => resolved.filter((r) => r.ami.workerType === type));
  return rows.map((commit) => {
    const cells = byType.map((amis) => cellFor(commit, amis));
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

function cellFor(commit: RowCommit, amis: ResolvedAmi[]): LineageCell {
  const observed = amis.filter((r) => r.builtAt === commit.sha || r.commits.has(commit.sha));
  if (observed.length > 0) {
    const ordered = [...observed].sort(
      (a, b) =>
        Number(b.builtAt === commit.sha) - Number(a.builtAt === commit.sha) ||
        b.ami.creationDate.getTime() - a.ami.creationDate.getTime(),
    );
    const primary = ordered[0]!;
    const conflicts = ordered.slice(1).map((r) => r.ami.imageId);
    if (primary.builtAt === commit.sha) return { kind: 'built', imageId: primary.ami.imageId, conflicts };
    return { kind: 'carried', imageId: primary.ami.imageId, builtAt: primary.builtAt, evidence: 'observed', conflicts };
  }
  // A commit that did not touch packer/ re-tags the AMIs in service; an AMI seen carrying a newer
  // commit than the one it was built at therefore carried every such commit in between.
  if (commit.position === null || commit.touchesPacker !== false) return { kind: 'missing' };
  const p = commit.position;
  const carriers = amis
    .filter((r) => r.builtPosition !== null && r.newestPosition !== null && r.newestPosition <= p && p <= r.builtPosition)
    .sort((a, b) => a.builtPosition! - b.builtPosition!);
  if (carriers.length === 0) return { kind: 'missing' };
  const [primary, ...rest] = carriers;
  return {
    kind: 'carried',
    imageId: primary!.ami.imageId,
    builtAt: primary!.builtAt,
    evidence: 'inferred',
    conflicts: rest.map((r) => r.ami.imageId),
  };
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
