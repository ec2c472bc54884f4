import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetConfigPath, readFleetConfig } from '@fleet/core/config-file';
import { ConfigError } from '@fleet/core';
import { createDatabase, migrate, startEmbeddedPostgres } from '@fleet/db';
import { BAKE_JOB, CA_CERTS_JOB, DEMO_JENKINS_CONTROLLERS, HOUSEKEEPING_JOB, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, PROMETHEUS_BINARY, type PrometheusProcess, type Simulator, simulatorPorts, simulatorScrapeConfig, startPrometheus, startSimulator } from '@fleet/sim';
import { startWorker } from '@fleet/worker';
import { writeDemoConfig } from './demo-config.ts';
import { seedDemoAuditHistory } from './demo-history.ts';
import { changeOutsideThePortal } from './outside-change.ts';
import { buildPortal, nextBin, portalBuildIsStale } from './portal-build.ts';

// The embedded default: the whole portal on one machine with no accounts. PGlite stands in for
// Postgres and the simulator for AWS; everything else is the production code path.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode} before serving`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the portal did not answer ${url} within ${timeoutMs / 1000} s`);
}

/**
 * The simulated history ends where it ended on the first start, so the infra repo's shas stay
 * the same across restarts and match what the portal's database remembers.
 */
function demoEpoch(dataDir: string): Date {
  const file = path.join(dataDir, 'sim-epoch');
  if (existsSync(file)) {
    const saved = new Date(readFileSync(file, 'utf8').trim());
    if (!Number.isNaN(saved.getTime())) return saved;
  }
  const now = new Date();
  const epoch = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  writeFileSync(file, `${epoch.toISOString()}\n`);
  return epoch;
}

/**
 * Debian's Prometheus, when installed, discovering the simulated fleet through ec2_sd_config as it
 * would in production and scraping every node's exporter; its data is kept with the demo's, so
 * fill predictions have history after a restart. Without it the portal says Prometheus is missing.
 */
async function startDemoPrometheus(sim: Simulator, dataDir: string): Promise<PrometheusProcess | null> {
  if (process.env.PROMETHEUS === 'off' || !existsSync(PROMETHEUS_BINARY)) {
    console.log(`no Prometheus (${process.env.PROMETHEUS === 'off' ? 'PROMETHEUS=off' : `${PROMETHEUS_BINARY} is missing; apt-get install prometheus`}): nodes show no disk, load or memory figures`);
    return null;
  }
  const configYaml = simulatorScrapeConfig(sim, { scrapeInterval: '15s', refreshInterval: '30s' });
  const port = process.env.PROMETHEUS_PORT ? Number(process.env.PROMETHEUS_PORT) : undefined;
  const prometheus = await startPrometheus({ configYaml, dataDir: path.join(dataDir, 'prometheus'), port, logLevel: 'warn' });
  // Before the first node sync, or it would warn that Prometheus has no targets for its first 15 s.
  if ((await prometheus.activeTargets(20_000)) === 0) console.log('Prometheus has found no node-exporter targets yet; the nodes page says so until it does');
  return prometheus;
}

/**
 * The simulator's two controllers as a real config would name them: ci-int runs the bake and the
 * housekeeping jobs, ci-ext (no Configuration as Code, an older ec2-fleet plugin) the CentOS 7
 * pools. Each declares the EC2 Fleet clouds its worker types imply; the simulated controllers
 * start with one of them changed by hand, so /clouds opens on drift to resync.
 */
function demoJenkins(sim: Simulator) {
  const clouds = (name: string) => sim.world.scenario?.clouds.implied[name] ?? [];
  const controller = (name: string) => ({ name, url: sim.jenkinsControllers.find((c) => c.name === name)!.url, user: JENKINS_DEMO_USER, tokenEnv: 'JENKINS_TOKEN' });
  return {
    controllers: [
      {
        ...controller('ci-int'),
        bake: { job: BAKE_JOB },
        housekeeping: {
          hostnames: ['private-ip-address'],
          jobs: [
            { job: HOUSEKEEPING_JOB, description: 'Nightly cleanup: docker prune, old workspaces and /tmp' },
            { job: CA_CERTS_JOB, description: 'Installs and trusts the internal CA bundle' },
          ],
        },
        clouds: clouds('ci-int'),
      },
      { ...controller('ci-ext'), clouds: clouds('ci-ext') },
    ],
  };
}

async function main() {
  Object.assign(process.env, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(root, process.env.FLEET_DATA_DIR ?? '.data/demo');
  const sourceConfig = path.resolve(root, process.env.FLEET_CONFIG ?? fleetConfigPath());
  const userConfig = readFleetConfig(sourceConfig);
  mkdirSync(dataDir, { recursive: true });

  const buildMode = process.env.PORTAL_BUILD ?? 'auto';
  if (buildMode === 'always' || (buildMode === 'auto' && portalBuildIsStale(root))) {
    console.log('building the portal (next build)…');
    await buildPortal(root);
  }

  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite') });
  await migrate(postgres.url);
  const sim = await startSimulator({ config: userConfig, dataDir, ...simulatorPorts(), historyEnd: demoEpoch(dataDir), jenkinsControllers: DEMO_JENKINS_CONTROLLERS });
  const credentials = sim.credentialsFor(userConfig.aws.buildAccount.id);
  process.env.JENKINS_TOKEN ??= JENKINS_DEMO_TOKEN;
  const prometheus = await startDemoPrometheus(sim, dataDir);
  const configFile = writeDemoConfig(sourceConfig, path.join(dataDir, 'fleet.yaml'), {
    infraRepoPath: sim.infraRepoPath,
    jenkins: demoJenkins(sim),
    prometheusUrl: prometheus?.url,
  });
  const config = readFleetConfig(configFile);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: sim.url,
    AWS_REGION: userConfig.aws.buildAccount.regions[0],
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });

  const database = createDatabase(postgres.url);
  // A fresh demo starts with a few weeks of the review /audit is for, and one change made outside the portal.
  const seeded = await seedDemoAuditHistory(database.prisma, config, sim.world, new Date());
  if (seeded > 0) {
    console.log(`the audit trail starts with ${seeded} events of the last three weeks`);
    await changeOutsideThePortal(sim, config);
  }
  const worker = startWorker({ prisma: database.prisma, config });

  // The demo serves this machine only unless HOST says otherwise.
  const host = process.env.HOST ?? '127.0.0.1';
  const portal = spawn(process.execPath, [nextBin(root), 'start', '-p', String(port), '-H', host], {
    cwd: path.join(root, 'apps/portal'),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: postgres.url, FLEET_CONFIG: configFile },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    portal.kill('SIGTERM');
    await worker.stop();
    await database.close();
    await prometheus?.stop();
    await sim.close();
    await postgres.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  portal.once('exit', (code) => void stop(code ?? 1));

  await waitForHealth(`http://127.0.0.1:${port}/healthz`, portal, 120_000);
  console.log(`simulated AWS on ${sim.url}, Jenkins on ${sim.jenkinsUrl}${prometheus ? `, Prometheus on ${prometheus.url}` : ''} (data in ${dataDir}; config ${configFile})`);
  console.log(`Fleet Portal ready on http://localhost:${port}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? `cannot start: ${error.message}` : error);
  process.exit(1);
});
