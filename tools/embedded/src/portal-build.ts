import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['apps/portal', 'packages/api/src', 'packages/core/src', 'packages/db/src'];
const SKIP = new Set(['node_modules', '.next', 'e2e', 'test-results']);

function newestSourceTime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const source of SOURCES) if (existsSync(path.join(root, source))) walk(path.join(root, source));
  return newest;
}

/** Whether the portal's production build is older than any of its sources. */
export function portalBuildIsStale(root: string): boolean {
  const marker = path.join(root, 'apps/portal/.next/BUILD_ID');
  if (!existsSync(marker)) return true;
  return statSync(marker).mtimeMs < newestSourceTime(root);
}

export function nextBin(root: string): string {
  return path.join(root, 'node_modules/next/dist/bin/next');
}

export async function buildPortal(root: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(root), 'build'], {
      cwd: path.join(root, 'apps/portal'),
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
    child.on('error', reject);
  });
}
