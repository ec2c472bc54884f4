import { describe, expect, it } from 'vitest';
import type { InfraCommitInfo, LineageRow } from '../lineage.ts';
import { parseBakeProgress } from './bake-progress.ts';
import { type BakeJobRun, lastBakedCommit } from './last-bake.ts';

const sha = (letter: string) => letter.repeat(40);
// Newest first.
const history: InfraCommitInfo[] = ['e', 'd', 'c', 'b', 'a'].map((letter, position) => ({ sha: sha(letter), position, authoredAt: new Date(0), author: 'sre', subject: letter, touchesPacker: false }));
const TYPES = ['rhel8-builder', 'rhel8-gpu'];
// The lineage's newest commit with a built AMI is d.
const rows = history.map(
  (c): LineageRow => ({ sha: c.sha, shortSha: c.sha.slice(0, 7), subject: c.subject, author: c.author, authoredAt: c.authoredAt, touchesPacker: false, flags: [], cells: [c.sha === sha('d') ? { kind: 'built', imageId: 'ami-0d', conflicts: [] } : { kind: 'missing' }] }),
);

const FULL_BAKE_START = (at: string) => [`packer/ changed since 0000000: building 1 worker types at ${at}`, '==> amazon-ebs.rhel8-builder: Prevalidating any provided VPC information'];
const logs = {
  succeeded: (at: string) => [...FULL_BAKE_START(at), "Build 'amazon-ebs.rhel8-builder' finished after 20 minutes 3 seconds.", '==> Wait completed after 20 minutes 3 seconds', '==> Builds finished. The artifacts of successful builds are:', '--> amazon-ebs.rhel8-builder: AMIs were created:', 'us-east-1: ami-0123456789abcdef0'],
  failed: (at: string) => [
    ...FULL_BAKE_START(at),
    "Build 'amazon-ebs.rhel8-builder' errored after 3 minutes 1 second: Error executing Ansible: Non-zero exit status: exit status 2",
    '==> Wait completed after 3 minutes 1 second',
    "==> Some builds didn't complete successfully and had errors:",
    '--> amazon-ebs.rhel8-builder: Error executing Ansible: Non-zero exit status: exit status 2',
    '==> Builds finished but no artifacts were created.',
  ],
  aborted: (at: string) => [...FULL_BAKE_START(at), 'Build was aborted', 'Aborted by oscar', 'Finished: ABORTED'],
  retag: (at: string) => [`no packer change since 0000000: re-tagging the newest AMIs with ${at}`, `Re-tagging ami-0123456789abcdef0 (rhel8-builder) with infra_commit=${at}`],
};
const run = (number: number, kind: keyof typeof logs, at: string, asked: string | null = at): BakeJobRun => ({ number, commit: asked, progress: parseBakeProgress(logs[kind](at).join('\n'), TYPES) });

describe('lastBakedCommit', () => {
  it('is the commit of the newest full bake whose packer run ended, whatever the order the runs come in', () => {
    expect(lastBakedCommit({ runs: [run(7, 'succeeded', sha('d')), run(9, 'succeeded', sha('b')), run(8, 'succeeded', sha('e'))], history, rows })).toBe(sha('b'));
  });

  it('counts a full bake that failed for every worker type: the job compares with it all the same', () => {
    expect(lastBakedCommit({ runs: [run(7, 'succeeded', sha('d')), run(8, 'failed', sha('c'))], history, rows })).toBe(sha('c'));
  });

  it('passes over re-tags and bakes stopped before packer ended', () => {
    expect(lastBakedCommit({ runs: [run(7, 'succeeded', sha('b')), run(8, 'retag', sha('e')), run(9, 'aborted', sha('c'))], history, rows })).toBe(sha('b'));
  });

  it('places a run asked for by a prefix in the history read', () => {
    const byPrefix = { ...run(7, 'succeeded', sha('c')), commit: sha('c').slice(0, 12) };
    expect(lastBakedCommit({ runs: [byPrefix], history, rows })).toBe(sha('c'));
  });

  it('falls back to the lineage’s newest commit with a built AMI when no followed run counts, or the newest one’s commit is unknown', () => {
    expect(lastBakedCommit({ runs: [], history, rows })).toBe(sha('d'));
    expect(lastBakedCommit({ runs: [run(8, 'retag', sha('e'))], history, rows })).toBe(sha('d'));
    expect(lastBakedCommit({ runs: [{ ...run(8, 'succeeded', sha('b')), commit: 'fffffff' }], history, rows })).toBe(sha('d'));
    expect(lastBakedCommit({ runs: [], history, rows: [] })).toBeNull();
  });
});
