/**
 * The crash loop: the worker and the portal's action process as separate processes over the
 * machine's PostgreSQL and the simulator, each killed with SIGKILL at random moments, 20 rounds in
 * a row, with AWS answers now slow, now lost. Afterwards every invariant of docs/reliability.md
 * must hold; it prints its figures and exits 1 if one does not.
 *
 *   npm run crash-loop        (ROUNDS=20, SEED-free: each run kills at other moments)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFleetConfig } from '@fleet/core';
import { createDatabase, migrate } from '@fleet/db';
import { openEmptyTestDatabase } from '@fleet/db/testing';
import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, startSimulator } from '@fleet/sim';
import { parseDocument } from 'yaml';
import { type Child, killHard, readyOf, startChild } from './children.ts';
import { checkInvariants } from './invariants.ts';
import { observe, type Recovery, recoveryAfterKill, settled, spread } from './recovery.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ROUNDS = Number(process.env.ROUNDS ?? 20);
/** How long after the last kill everything must have recovered. */
const SETTLE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);

async function main(): Promise<number> {
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-crash-loop-'));
  const scratch = await openEmptyTestDatabase('postgres');
  const demoPath = path.join(root, 'config/demo.yaml');
  const demo = parseFleetConfig(await readFile(demoPath, 'utf8'));
  if (!demo.ok) throw new Error('the demo config must be valid');
  const sim = await startSimulator({ config: demo.config, dataDir, port: 0 });
  const document = parseDocument(await readFile(demoPath, 'utf8'));
  document.set('jenkins', { controllers: [{ name: 'ci-int', url: sim.jenkinsUrl, user: JENKINS_DEMO_USER }] });
  document.setIn(['infraRepo', 'localClone'], sim.infraRepoPath);
  document.setIn(['sync', 'nodes'], '15s');
  const configPath = path.join(dataDir, 'fleet.yaml');
  await writeFile(configPath, document.toString());
  await migrate(scratch.url);
  const database = createDatabase(scratch.url);
  const prisma = database.prisma;

  const credentials = sim.credentialsFor(demo.config.aws.buildAccount.id);
  const env = {
    ...process.env,
    DATABASE_URL: scratch.url,
    FLEET_CONFIG: configPath,
    AWS_ENDPOINT_URL: sim.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    JENKINS_TOKEN: JENKINS_DEMO_TOKEN,
  };
  const start = {
    worker: async () => {
      const child = startChild('worker', path.join(root, 'apps/worker/src/main.ts'), env, root);
      await readyOf(child, (line) => line.startsWith('sync '), 60_000);
      return child;
    },
    portal: async () => {
      const child = startChild('portal', path.join(root, 'tools/testing/src/crash-loop/portal-process.ts'), env, root);
      await readyOf(child, (line) => line.includes('"ready":true'), 60_000);
      return child;
    },
  };

  const recoveries: Recovery[] = [];
  const kills = { worker: 0, portal: 0, both: 0 };
  const answers: Record<string, unknown>[] = [];
  const children: Record<Child['name'], Child | null> = { worker: null, portal: null };
  const watching = setInterval(() => void observe(prisma, recoveries).catch(() => undefined), 250);
  const runStart = new Date();
  try {
    for (let round = 1; round <= ROUNDS; round += 1) {
      children.worker ??= await start.worker();
      children.portal ??= await start.portal();
      // AWS's answers this round: some calls slow (a kill lands mid-call), some lost after AWS acted.
      sim.faults.clear();
      const fault = Math.random();
      if (fault < 0.35) sim.faults.inject({ kind: 'latency', latencyMs: 1_500, count: 3, service: 'autoscaling', action: 'StartInstanceRefresh' });
      else if (fault < 0.6) sim.faults.inject({ kind: 'drop-response', count: 2, service: 'autoscaling', action: 'StartInstanceRefresh' });
      else if (fault < 0.7) sim.faults.inject({ kind: 'throttle', count: 4, service: 'autoscaling', action: 'DescribeAutoScalingGroups' });
      // A slow source keeps the worker mid-sync, so a kill often finds it holding leases.
      if (Math.random() < 0.6) sim.faults.inject({ kind: 'latency', latencyMs: 4_000, count: 2, service: 'ec2', action: 'DescribeInstanceStatus' });
      await sleep(between(500, 4_000));
      const choice = Math.random();
      const victims: Child['name'][] = choice < 0.45 ? ['portal'] : choice < 0.8 ? ['worker'] : ['worker', 'portal'];
      kills[victims.length === 2 ? 'both' : victims[0]!] += 1;
      for (const name of victims) {
        const child = children[name]!;
        await killHard(child);
        if (name === 'portal') answers.push(...child.lines.filter((l) => 'action' in l));
        children[name] = null;
      }
      recoveries.push(await recoveryAfterKill(prisma, round, Date.now(), victims));
      process.stdout.write(`round ${round}: killed ${victims.join(' and ')}\n`);
    }
    // Last round over: the survivors and the restarted processes clean up, with no more kills or faults.
    sim.faults.clear();
    children.worker ??= await start.worker();
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline && !recoveries.every(settled)) await sleep(500);
    if (children.portal) {
      await killHard(children.portal);
      answers.push(...children.portal.lines.filter((l) => 'action' in l));
    }
    await sleep(12_000); // the actions the last kill of the portal left, reconciled by the worker
    await observe(prisma, recoveries);
    const figures = await checkInvariants(prisma, sim, runStart);
    const lines = [
      `crash loop: ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(0)} s; killed the portal ${kills.portal}, the worker ${kills.worker}, both ${kills.both} times`,
      `answers to the portal's requests: ${JSON.stringify(countOutcomes(answers))}`,
      `actions in the journal: ${JSON.stringify(figures.journal)}`,
      `why the failed ones failed: ${JSON.stringify(figures.failures)}`,
      `refreshes started in AWS: ${figures.refreshesStarted}`,
      `audit events: ${JSON.stringify(figures.audit)}`,
      `time to unlock (kill to every action it interrupted final): ${spread(recoveries.filter((r) => r.unfinished.length > 0 && r.unlockMs !== null).map((r) => r.unlockMs!))}; never: ${recoveries.filter((r) => r.unlockMs === null).length}`,
      `time to fresh (worker kill to every source it held synced again): ${spread(recoveries.filter((r) => r.leased.length > 0 && r.freshMs !== null).map((r) => r.freshMs!))}; never: ${recoveries.filter((r) => r.leased.length > 0 && r.freshMs === null).length}`,
      figures.problems.length === 0 ? 'every invariant holds' : `INVARIANTS BROKEN:\n  ${figures.problems.join('\n  ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const unrecovered = recoveries.filter((r) => !settled(r)).length;
    if (unrecovered > 0) process.stdout.write(`${unrecovered} kills were not recovered from within ${SETTLE_MS / 1000} s of the last\n`);
    return figures.problems.length === 0 && unrecovered === 0 ? 0 : 1;
  } finally {
    clearInterval(watching);
    for (const child of Object.values(children)) if (child) await killHard(child);
    await database.close();
    await sim.close();
    await scratch.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function countOutcomes(answers: readonly Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = 'refused' in answer ? 'refused' : `${String(answer.state)}${answer.replayed ? ' (repeat)' : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

process.exitCode = await main();
