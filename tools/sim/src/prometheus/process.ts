import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's prometheus package puts it here; CI installs it. */
export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface PrometheusProcessOptions {
  /** The prometheus.yml to run with (`prometheusScrapeConfig` writes one for the simulator). */
  configYaml: string;
  /** Where the TSDB lives; a temporary folder, removed on stop, by default. A given folder is kept. */
  dataDir?: string;
  /** The port on 127.0.0.1; a free one by default. */
  port?: number;
  binary?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long Prometheus may take to report ready; 60 s by default, for a busy machine. */
  readyTimeoutMs?: number;
}

export interface PrometheusProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The last 20 kB of what Prometheus logged, to explain a failure. */
  log(): string;
  /** Whether the process has exited (it should not before `stop`). */
  exited(): boolean;
  /**
   * Waits until service discovery has found targets (Prometheus 2.42 lists them about 5 s after
   * /-/ready); resolves with how many it lists, 0 when `timeoutMs` passed first.
   */
  activeTargets(timeoutMs: number): Promise<number>;
  /** SIGTERM, SIGKILL ten seconds later if need be, then removes the temporary folder. */
  stop(): Promise<void>;
}

const LOG_LIMIT = 20_000;

/** Runs a real Prometheus on the loopback only and resolves once /-/ready answers 200. */
export async function startPrometheus(options: PrometheusProcessOptions): Promise<PrometheusProcess> {
  const workDir = await mkdtemp(join(tmpdir(), 'fleet-prometheus-'));
  const configFile = join(workDir, 'prometheus.yml');
  await writeFile(configFile, options.configYaml);
  const dataDir = options.dataDir ?? join(workDir, 'data');
  // A free port can be taken between finding it and Prometheus binding it: try another then.
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freeLoopbackPort());
    const child = spawn(
      options.binary ?? PROMETHEUS_BINARY,
      [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, `--log.level=${options.logLevel ?? 'info'}`],
      // No AWS credentials or metadata lookups from the environment: ec2_sd_config uses the config's.
      { env: { PATH: process.env.PATH, HOME: workDir, AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const running = watch(child, `http://127.0.0.1:${port}`, () => rm(workDir, { recursive: true, force: true }));
    try {
      await waitUntilReady(running, options.readyTimeoutMs ?? 60_000);
      return running;
    } catch (error) {
      await terminate(child);
      const portTaken = /address already in use/.test(running.log());
      if (!portTaken || options.port !== undefined || attempt >= 3) {
        await running.stop();
        throw error;
      }
    }
  }
}

/** The process as its owner sees it; `cleanUp` runs once it has ended. */
function watch(child: ChildProcess, url: string, cleanUp: () => Promise<void>): PrometheusProcess {
  let log = '';
  let ended = false;
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => {
    ended = true;
  });
  // Spawning itself failed (no such binary): there is no process to wait for.
  child.once('error', (error) => {
    ended = true;
    keep(Buffer.from(`\n${error.message}\n`));
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    log: () => log,
    exited: () => ended,
    activeTargets: (timeoutMs) => activeTargets(url, () => ended, timeoutMs),
    stop: () => (stopping ??= terminate(child).then(cleanUp)),
  };
}

async function waitUntilReady(prometheus: PrometheusProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (prometheus.exited()) throw new Error(`prometheus exited before it was ready:\n${prometheus.log()}`);
    const ready = await fetch(`${prometheus.url}/-/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`prometheus was not ready within ${timeoutMs / 1000} s:\n${prometheus.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function activeTargets(url: string, exited: () => boolean, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await fetch(`${url}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(5_000) }).then(
      async (response) => {
        const body = (await response.json()) as { data?: { activeTargets?: unknown } };
        return Array.isArray(body.data?.activeTargets) ? body.data.activeTargets.length : 0;
      },
      () => 0,
    );
    if (count > 0 || exited() || Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
