import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * For tests: Debian's python3-jenkins 1.4.0, run by /usr/bin/python3 (not a pyenv one), as an
 * independent client of the simulated Jenkins through the scripts in tools/sim/clients/.
 */
export const PYTHON = '/usr/bin/python3';

/** Whether python-jenkins is installed; warns, naming what goes unchecked, when it is not. */
export function pythonJenkinsAvailable(unchecked: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import jenkins'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`SKIPPED: ${PYTHON} cannot import jenkins (apt-get install python3-jenkins); ${unchecked} is not checked with python-jenkins`);
    return false;
  }
}

/** Runs a client script of tools/sim/clients/ and returns what it printed. */
export async function runPythonClient(script: string, args: readonly string[], timeoutMs: number): Promise<string> {
  const file = fileURLToPath(new URL(`../clients/${script}`, import.meta.url));
  // No proxy from the environment may carry the client's requests off the loopback.
  const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_PROXY: '*', no_proxy: '*', LC_ALL: 'C.UTF-8' };
  const { stdout } = await promisify(execFile)(PYTHON, [file, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
