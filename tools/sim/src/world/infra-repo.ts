import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Person {
  name: string;
  email: string;
  /** Git's zone offset, e.g. +0200. */
  zone: string;
}

export interface CommitSpec {
  author: Person;
  date: Date;
  message: string;
  /** The whole tree after the commit, by path. */
  files: ReadonlyMap<string, string>;
}

/** Marks a repo as the simulator's, so it never deletes a folder it did not make. */
const MARKER = 'fleet-sim-world';

/**
 * The infra repo as a real git repository. Commits go in through `git fast-import` with fixed
 * authors and dates, so the same history always has the same shas.
 */
export class InfraRepo {
  private constructor(
    readonly path: string,
    private tree: ReadonlyMap<string, string>,
  ) {}

  /** Replaces whatever the simulator left at `path` with a repo holding exactly `commits`. */
  static async create(path: string, commits: readonly CommitSpec[]): Promise<{ repo: InfraRepo; shas: string[] }> {
    if (existsSync(path)) {
      if (!existsSync(join(path, '.git', MARKER))) {
        throw new Error(`${path} exists and was not made by the simulator; move it away or choose another data folder`);
      }
      await rm(path, { recursive: true, force: true });
    }
    await mkdir(path, { recursive: true });
    await git(path, ['init', '-q', '-b', 'main']);
    await writeFile(join(path, '.git', MARKER), 'made by tools/sim; deleted and rebuilt on every start\n');
    const repo = new InfraRepo(path, new Map());
    await repo.fastImport(commits, false);
    const shas = (await git(path, ['rev-list', '--reverse', 'refs/heads/main'])).trim().split('\n');
    return { repo, shas };
  }

  async append(commit: CommitSpec): Promise<string> {
    await this.fastImport([commit], true);
    return (await git(this.path, ['rev-parse', 'refs/heads/main'])).trim();
  }

  private async fastImport(commits: readonly CommitSpec[], continueBranch: boolean): Promise<void> {
    const chunks: Buffer[] = [];
    const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
    const data = (value: string) => {
      const bytes = Buffer.from(value, 'utf8');
      text(`data ${bytes.length}\n`);
      chunks.push(bytes, Buffer.from('\n'));
    };
    commits.forEach((commit, index) => {
      const who = `${commit.author.name} <${commit.author.email}> ${Math.floor(commit.date.getTime() / 1000)} ${commit.author.zone}`;
      text(`commit refs/heads/main\nauthor ${who}\ncommitter ${who}\n`);
      data(`${commit.message}\n`);
      if (index === 0 && continueBranch) text('from refs/heads/main^0\n');
      for (const [path, content] of commit.files) {
        if (this.tree.get(path) === content) continue;
        text(`M ${path.endsWith('.sh') ? '100755' : '100644'} inline ${path}\n`);
        data(content);
      }
      for (const path of this.tree.keys()) {
        if (!commit.files.has(path)) text(`D ${path}\n`);
      }
      this.tree = commit.files;
    });
    text('done\n');
    await git(this.path, ['fast-import', '--quiet', '--done'], Buffer.concat(chunks));
    await git(this.path, ['reset', '-q', '--hard']);
  }
}

/** Runs git isolated from the user's configuration, which could sign commits or change defaults. */
function git(cwd: string, args: string[], input?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`git ${args[0]} in ${cwd} failed (${code}): ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.end(input);
  });
}
