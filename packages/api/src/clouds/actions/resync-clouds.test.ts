import { declaredCloudsSchema, type FleetConfig } from '@fleet/core';
import { findJournalEntry } from '@fleet/db';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { createJenkinsClient, parseCascClouds, renderCascClouds } from '@fleet/jenkins';
import { DEMO_JENKINS_CONTROLLERS, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type Simulator } from '@fleet/sim';
import { cloudsJob, SyncScheduler } from '@fleet/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { portalActions } from '../../guard/portal-actions.ts';
import { reconcileUnfinishedActions } from '../../guard/reconcile.ts';
import { newKey, openCrashedAction } from '../../test/harness.ts';
import { type JenkinsWorld, signedInAs, startJenkinsWorld } from '../../test/jenkins-world.ts';

type Cloud = Record<string, unknown> & { name: string };

const implied = (sim: Simulator, controller: string) => (sim.world.scenario?.clouds.implied[controller] ?? []) as Cloud[];

/** What the simulator's control endpoint shows of a controller: its clouds and the agents no live cloud holds. */
async function onController(sim: Simulator, controller: string) {
  const answer = await fetch(`${sim.url}/_sim/jenkins/controllers/${controller}/clouds`);
  return (await answer.json()) as { clouds: Cloud[]; orphans: { name: string; cloud: string }[] };
}

describe.each(testDatabases())('resyncing Jenkins clouds through the guard against the simulated controllers, on $name', (target) => {
  let db: TestDatabase;
  let world: JenkinsWorld;
  let config: FleetConfig;
  let scheduler: SyncScheduler;
  let ada: Awaited<ReturnType<typeof signedInAs>>;
  let oscar: Awaited<ReturnType<typeof signedInAs>>;

  const client = (controller: string) => createJenkinsClient({ url: world.sim.jenkinsControllers.find((c) => c.name === controller)!.url, user: JENKINS_DEMO_USER, token: JENKINS_DEMO_TOKEN });
  const drift = (controller: string) => world.sim.world.scenario!.clouds.drift[controller]!;

  /** The config with other declared clouds for a controller, and a scheduler reading it. */
  function declare(controller: string, clouds: Cloud[]) {
    config = { ...config, jenkins: { ...config.jenkins!, controllers: config.jenkins!.controllers.map((c) => (c.name === controller ? { ...c, clouds: declaredCloudsSchema.parse(clouds) } : c)) } };
  }

  async function readClouds() {
    await scheduler?.stop();
    scheduler = new SyncScheduler(
      { prisma: db.prisma, config, now: () => new Date() },
      config.jenkins!.controllers.map((controller) => cloudsJob({ controller, intervalMs: 60_000, client: client(controller.name) })!),
    );
    for (const controller of ['ci-int', 'ci-ext']) await scheduler.runNow(`jenkins.clouds:${controller}`);
  }

  async function request(controller: string, dryRun: boolean, as = ada) {
    const input = { dryRun };
    const { preview } = await as.actions.preview({ action: 'clouds.resync', target: controller, input });
    return { target: controller, input, previewFingerprint: preview.fingerprint, confirmation: controller, reason: 'put the clouds back as declared', idempotencyKey: newKey() };
  }

  const view = async (controller: string) => (await ada.clouds.list()).find((c) => c.controller === controller)!;
  const callers = () => Promise.all([signedInAs(db.prisma, config, 'ada'), signedInAs(db.prisma, config, 'oscar')]);

  beforeAll(async () => {
    db = await target.open();
    world = await startJenkinsWorld({ clouds: [] }, { controllers: DEMO_JENKINS_CONTROLLERS, others: (sim, name) => ({ agents: false, clouds: implied(sim, name) }) });
    config = world.config;
    declare('ci-int', implied(world.sim, 'ci-int'));
  }, TEST_DATABASE_TIMEOUT_MS);

  beforeEach(async () => {
    await readClouds();
    [ada, oscar] = await callers();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await world?.dispose();
    await db?.cleanup();
  });

  it('shows each controller drifted field by field, with the plugin’s stats, the clouds it leaves alone and how it reads them', async () => {
    const ciInt = await view('ci-int');
    expect(ciInt).toMatchObject({ status: 'drifted', drift: 1, read: { method: 'casc' }, orphans: [] });
    const changed = ciInt.rows.find((row) => row.status === 'changed')!;
    expect(changed).toMatchObject({ name: drift('ci-int').cloud, changes: [{ field: 'idleMinutes', declared: drift('ci-int').implied, live: drift('ci-int').live }] });
    expect(changed.stat).toMatchObject({ state: 'active', numActive: expect.any(Number), numDesired: expect.any(Number) });
    expect(ciInt.rows.filter((row) => row.status === 'unmanaged').map((row) => row.kind)).toEqual(['kubernetes']);

    const ciExt = await view('ci-ext');
    expect(ciExt).toMatchObject({ status: 'drifted', drift: 1, read: { method: 'script-console', pluginVersion: '2.7.1' } });
    expect(ciExt.rows.find((row) => row.status === 'changed')?.changes).toEqual([{ field: 'maxSize', declared: drift('ci-ext').implied, live: drift('ci-ext').live }]);
    // ec2-fleet 2.7.1 serves no /ec2-fleet/stats.
    expect(ciExt.rows.every((row) => row.stat === null)).toBe(true);

    const overview = await ada.overview.get();
    expect(overview.clouds).toEqual([
      { controller: 'ci-int', status: 'drifted', drift: 1, orphans: 0, changedAt: expect.any(Date) },
      { controller: 'ci-ext', status: 'drifted', drift: 1, orphans: 0, changedAt: expect.any(Date) },
    ]);
  });

  it('lets only an admin resync, and a dry run checks with the controller and changes nothing', async () => {
    await expect(oscar.clouds.resync(await request('ci-int', true, ada))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const exported = await client('ci-int').casc.export();
    const read = (await view('ci-int')).read!;
    const outcome = await ada.clouds.resync(await request('ci-int', true));
    expect(outcome.state).toBe('succeeded');
    expect(outcome.result).toMatchObject({ dryRun: true, method: 'casc', checkIssues: [], changes: [`${drift('ci-int').cloud}: idleMinutes ${drift('ci-int').live} → ${drift('ci-int').implied}`] });
    expect((outcome.result as { written: string }).written).toContain('eC2Fleet:');
    expect(await client('ci-int').casc.export()).toBe(exported);
    expect((await view('ci-int')).status).toBe('drifted');
    // Read again: a later read, the same clouds, so "last changed" stays where it was.
    await readClouds();
    const again = (await view('ci-int')).read!;
    expect(again.readAt.getTime()).toBeGreaterThan(read.readAt.getTime());
    expect(again.changedAt).toEqual(read.changedAt);
  });

  it('refuses a resync the controller’s check refuses, and applies nothing', async () => {
    const [first, ...rest] = implied(world.sim, 'ci-int');
    // A region the group is not in: the plugin's constructor cannot find the fleet there.
    declare('ci-int', [{ ...first!, region: 'ap-south-1' }, ...rest]);
    await readClouds();
    [ada] = await callers();
    const exported = await client('ci-int').casc.export();
    const outcome = await ada.clouds.resync(await request('ci-int', false));
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'check-refused' } });
    expect(outcome.error?.message).toMatch(/Configuration as Code check refused the declared clouds, so nothing was applied: .*EC2FleetCloud/);
    expect(await client('ci-int').casc.export()).toBe(exported);
    declare('ci-int', implied(world.sim, 'ci-int'));
  });

  it('resyncs ci-int through Configuration as Code: checked, applied, read back in sync, no orphans, before and after kept', async () => {
    const outcome = await ada.clouds.resync(await request('ci-int', false));
    expect(outcome.state).toBe('succeeded');
    const result = outcome.result as { before: Cloud[]; after: Cloud[]; orphans: unknown[]; method: string };
    expect(result.method).toBe('casc');
    expect(result.before.find((c) => c.name === drift('ci-int').cloud)?.idleMinutes).toBe(drift('ci-int').live);
    expect(result.after.find((c) => c.name === drift('ci-int').cloud)?.idleMinutes).toBe(drift('ci-int').implied);
    expect(result.orphans).toEqual([]);
    expect((await view('ci-int')).status).toBe('in-sync');
    // The Kubernetes cloud is written back untouched.
    expect((await onController(world.sim, 'ci-int')).clouds.filter((c) => c.kind === 'kubernetes')).toHaveLength(1);
    const entry = await findJournalEntry(db.prisma, outcome.journalId);
    expect(entry?.result).toMatchObject({ before: expect.any(Array), after: expect.any(Array) });
    await expect(ada.actions.preview({ action: 'clouds.resync', target: 'ci-int', input: { dryRun: false } })).rejects.toThrow(/already has the declared clouds/);
  });

  it('notices a cloud changed by hand within one read, and a resync set up before it is refused rather than overwriting what it did not show', async () => {
    await expect(request('ci-int', false)).rejects.toThrow(/already has the declared clouds/);
    const name = implied(world.sim, 'ci-int')[0]!.name;
    await fetch(`${world.sim.url}/_sim/jenkins/controllers/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ maxSize: 1 }) });
    await readClouds();
    const drifted = await view('ci-int');
    expect(drifted.status).toBe('drifted');
    expect(drifted.rows.find((r) => r.name === name)?.changes.map((c) => c.field)).toEqual(['maxSize']);
    const req = await request('ci-int', false);
    await fetch(`${world.sim.url}/_sim/jenkins/controllers/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ maxSize: 2 }) });
    // The worker has not read the second change yet: the preview still matches the stored read.
    const outcome = await ada.clouds.resync(req);
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'changed-since-preview' } });
    expect((await onController(world.sim, 'ci-int')).clouds.find((c) => c.name === name)?.maxSize).toBe(2);
    await readClouds();
    [ada] = await callers();
    expect((await ada.clouds.resync(await request('ci-int', false))).state).toBe('succeeded');
  });

  it('names the agents a resync left without a cloud: renaming a cloud orphans its nodes', async () => {
    const clouds = implied(world.sim, 'ci-int');
    const renamed = clouds.map((c, i) => (i === 0 ? { ...c, name: `${c.name}-v2` } : c));
    declare('ci-int', renamed);
    await readClouds();
    [ada] = await callers();
    const before = await onController(world.sim, 'ci-int');
    expect(before.orphans).toEqual([]);
    const outcome = await ada.clouds.resync(await request('ci-int', false));
    expect(outcome.state).toBe('succeeded');
    const orphans = (outcome.result as { orphans: { agent: string; cloud: string | null; instanceId: string | null }[] }).orphans;
    const simOrphans = (await onController(world.sim, 'ci-int')).orphans;
    expect(simOrphans.length).toBeGreaterThan(0);
    expect(orphans.map((o) => o.instanceId).sort()).toEqual(simOrphans.map((o) => o.name).sort());
    expect(orphans.every((o) => o.agent === `${clouds[0]!.name} ${o.instanceId}`)).toBe(true);
    expect(orphans.every((o) => o.cloud === clouds[0]!.name && o.instanceId?.startsWith('i-'))).toBe(true);
    expect((await view('ci-int')).orphans).toHaveLength(simOrphans.length);
    // Back as it was: the old name takes its nodes back.
    declare('ci-int', clouds);
    await readClouds();
    [ada] = await callers();
    expect((await ada.clouds.resync(await request('ci-int', false))).state).toBe('succeeded');
    expect((await onController(world.sim, 'ci-int')).orphans).toEqual([]);
  });

  it('resyncs ci-ext through the Script Console with the script for ec2-fleet 2.7.1', async () => {
    const dry = await ada.clouds.resync(await request('ci-ext', true));
    expect(dry.result).toMatchObject({ dryRun: true, method: 'script-console', pluginVersion: '2.7.1' });
    expect((dry.result as { written: string }).written).toContain('// Written for ec2-fleet plugin 2.');
    const outcome = await ada.clouds.resync(await request('ci-ext', false));
    expect(outcome.state).toBe('succeeded');
    const result = outcome.result as { before: Cloud[]; after: Cloud[]; orphans: unknown[] };
    expect(result.before.find((c) => c.name === drift('ci-ext').cloud)?.maxSize).toBe(drift('ci-ext').live);
    expect(result.after.find((c) => c.name === drift('ci-ext').cloud)?.maxSize).toBe(drift('ci-ext').implied);
    expect(result.orphans).toEqual([]);
    expect((await view('ci-ext')).status).toBe('in-sync');
  });

  it('settles a resync whose apply answer was lost by reading the clouds back', async () => {
    const name = implied(world.sim, 'ci-int')[1]!.name;
    await fetch(`${world.sim.url}/_sim/jenkins/controllers/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ minSpareSize: 1 }) });
    await readClouds();
    [ada] = await callers();
    world.sim.faults.inject({ service: 'jenkins', action: 'cascApply', kind: 'drop-response' });
    const outcome = await ada.clouds.resync(await request('ci-int', false));
    expect(outcome.state).toBe('succeeded');
    expect((await onController(world.sim, 'ci-int')).clouds.find((c) => c.name === name)?.minSpareSize).toBe(0);
  });

  it('settles after a crash between apply and read-back: applied is succeeded, never applied is failed, and nothing is written again', async () => {
    const later = () => new Date(Date.now() + 5 * 60_000);
    const name = implied(world.sim, 'ci-int')[1]!.name;
    const open = async (applied: boolean) => {
      await fetch(`${world.sim.url}/_sim/jenkins/controllers/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ maxSize: 3 }) });
      const id = await openCrashedAction(db.prisma, { action: 'clouds.resync', targetKind: 'jenkins-controller', target: 'ci-int', parameters: { dryRun: false }, requestedBy: 'ada', reason: 'crashed between apply and read-back' });
      if (applied) {
        const live = parseCascClouds(await client('ci-int').casc.export());
        if (!live.ok) throw new Error('ci-int must export');
        await client('ci-int').casc.apply(renderCascClouds({ declared: declaredCloudsSchema.parse(implied(world.sim, 'ci-int')), otherClouds: live.otherClouds }));
      }
      return id;
    };
    const neverApplied = await open(false);
    const first = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: later, actions: portalActions });
    expect(first.find((r) => r.journalId === neverApplied)).toMatchObject({ to: 'failed' });
    expect((await onController(world.sim, 'ci-int')).clouds.find((c) => c.name === name)?.maxSize).toBe(3);

    const applied = await open(true);
    const second = await reconcileUnfinishedActions({ prisma: db.prisma, config, now: later, actions: portalActions });
    expect(second.find((r) => r.journalId === applied)).toMatchObject({ to: 'succeeded' });
    expect((await findJournalEntry(db.prisma, applied))?.state).toBe('succeeded');
    expect((await view('ci-int')).status).toBe('in-sync');
  });
});
