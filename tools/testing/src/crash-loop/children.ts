import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** A process of the crash loop (the worker, or the portal's action process), started with tsx. */
export interface Child {
  name: 'worker' | 'portal';
  process: ChildProcess;
  /** Every stdout line that parsed as JSON, in order. */
  lines: Record<string, unknown>[];
  /** The last lines of its output, for when it fails to start. */
  tail(): string;
}

export function startChild(name: Child['name'], script: string, env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const output: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      output.push(line);
      if (output.length > 40) output.shift();
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // the worker's log lines are plain text
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
  });
  return { name, process: child, lines, tail: () => output.join('\n') };
}

/** Until the child printed a line matching `ready`, or it exited. */
export async function readyOf(child: Child, ready: (line: string) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited (${child.process.exitCode}) before it was ready:\n${child.tail()}`);
    if (child.tail().split('\n').some(ready)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs / 1000} s:\n${child.tail()}`);
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGKILL');
  await gone;
}

export const scriptPath = (root: string, ...parts: string[]) => path.join(root, ...parts);
