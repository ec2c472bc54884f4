import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig, shortSha } from '@fleet/core';
import { loadInfraHistory } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { BAKE_JOB, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type FaultSpec, type Simulator, startSimulator } from '@fleet/sim';
import { imagesJob, infraRepoJob } from '@fleet/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newKey, testConfig } from '../../test/harness.ts';
import { type PortalCaller, signedInAs } from '../../test/refresh-world.ts';

const HISTORY_END = new Date(Date.UTC(2025, 2, 14));

/** The test's config with the simulator's Jenkins as the controller that runs the bake job. */
function withBakeJob(base: FleetConfig, jenkinsUrl: string): FleetConfig {
  const demo = readFileSync(path.resolve(import.meta.dirname, '../../../../../config/demo.yaml'), 'utf8');
  const parsed = parseFleetConfig(`${demo}\njenkins: { controllers: [{ name: ci-int, url: "${jenkinsUrl}", user: ${JENKINS_DEMO_USER}, bake: { job: ${BAKE_JOB} } }] }\n`);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join('; '));
  return { ...base, jenkins: parsed.config.jenkins };
}

// The world's clock stands still, so a queued bake stays in Jenkins's queue where the test can count it.
describe.each(testDatabases())('the bake trigger under lost answers and Jenkins faults, on $name', (target) => {
  let db: TestDatabase;
  let sim: Simulator;
  let config: FleetConfig;
  let oscar: PortalCaller;
  let dataDir: string;
  let commits: string[];
  const saved = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-bakes-'));
    db = await target.open();
    const base = testConfig();
    sim = await startSimulator({ config: base, dataDir, port: 0, historyEnd: HISTORY_END, clock: () => new Date(HISTORY_END.getTime() + 3_600_000), timeScale: 1 });
    config = withBakeJob({ ...base, infraRepo: { ...base.infraRepo, localClone: sim.infraRepoPath } }, sim.jenkinsUrl);
    const build = sim.credentialsFor(config.aws.buildAccount.id);
    Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: build.accessKeyId, AWS_SECRET_ACCESS_KEY: build.secretAccessKey, AWS_REGION: 'us-east-1', JENKINS_TOKEN: JENKINS_DEMO_TOKEN });
    const context = { prisma: db.prisma, config, now: () => new Date() };
    await infraRepoJob(sim.infraRepoPath, 60_000).run(context);
    await imagesJob(config.aws.buildAccount, 'us-east-1', 60_000).run(context);
    commits = (await loadInfraHistory(db.prisma)).map((c) => c.sha);
    oscar = await signedInAs(db.prisma, config, 'oscar');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    process.env = saved;
    await sim?.close();
    await db?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  const queuedFor = (journalId: string) =>
    sim.world.jenkins.queue.pending().filter((item) => item.parameters?.some((p) => p.name === 'PORTAL_ACTION_ID' && p.value === journalId));
  const triggers = () => sim.faults.requests('buildWithParameters', 'jenkins');

  async function bakeUnder(fault: FaultSpec) {
    const commit = commits.shift()!;
    const input = { commit, workerTypes: ['centos7-builder'] };
    const target = shortSha(commit);
    const { preview } = await oscar.actions.preview({ action: 'bake.start', target, input });
    const before = triggers();
    sim.faults.inject({ ...fault, service: 'jenkins', action: 'buildWithParameters' });
    const outcome = await oscar.bakes.start({ target, input, previewFingerprint: preview.fingerprint, confirmation: target, reason: 'bake the fix for the agents', idempotencyKey: newKey() });
    return { outcome, sent: triggers() - before };
  }

  it('finds the bake a trigger queued though its answer was lost, and queues no second one', async () => {
    const { outcome, sent } = await bakeUnder({ kind: 'drop-response' });
    expect(sent).toBe(1);
    expect(queuedFor(outcome.journalId)).toHaveLength(1);
    expect(outcome).toMatchObject({ state: 'succeeded', result: { queueId: queuedFor(outcome.journalId)[0]!.id } });
    const terminal = await db.prisma.auditEvent.findMany({ where: { journalId: outcome.journalId, outcome: { in: ['succeeded', 'failed'] } } });
    expect(terminal.map((e) => e.outcome)).toEqual(['succeeded']);
  });

  it('says at once that a trigger Jenkins answered with 503 queued nothing, and frees the commit', async () => {
    const { outcome, sent } = await bakeUnder({ kind: 'error', status: 503, code: 'Unavailable', message: 'Jenkins is going to shut down' });
    expect(sent).toBe(1);
    expect(queuedFor(outcome.journalId)).toHaveLength(0);
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'jenkins-server' } });
    expect(await db.prisma.targetLock.count({ where: { journalId: outcome.journalId } })).toBe(0);
  });
});
