import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { InfraCommitInfo } from '@fleet/core';

const run = promisify(execFile);
const RECORD = '\x1e';
const FIELD = '\x1f';

export interface InfraRepoOptions {
  clonePath: string;
  branch: string;
  depth: number;
  packerPath: string;
}

/**
 * The first-parent history of the infra repo's clone, newest first, each commit marked by whether
 * its change (against its first parent, for merges too) touched the packer folder.
 */
export async function readInfraHistory(options: InfraRepoOptions): Promise<InfraCommitInfo[]> {
  const { stdout } = await run(
    'git',
    [
      '-C', options.clonePath,
      'log', '--first-parent', '--diff-merges=first-parent', '--name-only',
      `--max-count=${options.depth}`,
      `--format=${RECORD}%H${FIELD}%aI${FIELD}%an${FIELD}%s`,
      options.branch, '--',
    ],
    { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
  ).catch((error: unknown) => {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`cannot read the infra repo at ${options.clonePath}: ${detail}; check infraRepo.localClone`);
  });
  const packer = options.packerPath.replace(/\/?$/, '/');
  return stdout
    .split(RECORD)
    .filter((record) => record.trim() !== '')
    .map((record, position) => {
      const [header = '', ...files] = record.split('\n');
      const [sha = '', authoredAt = '', author = '', subject = ''] = header.split(FIELD);
      return {
        sha,
        position,
        authoredAt: new Date(authoredAt),
        author,
        subject,
        touchesPacker: files.some((file) => file.startsWith(packer)),
      };
    });
}
