import { autoScalingClientFor, ec2ClientFor } from '@fleet/aws';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { evaluateNodeHealth, syncAutoScalingGroups, syncJenkinsAgents } from '@fleet/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey } from '../../test/harness.ts';
import { type JenkinsWorld, startJenkinsWorld } from '../../test/jenkins-world.ts';
import { type PortalCaller, signedInAs } from '../../test/refresh-world.ts';

type NodeAction = 'node.markUnhealthy' | 'node.terminate' | 'node.agent.offline' | 'node.agent.online';

describe.each(testDatabases())('node actions through the guard against the simulator, on $name', (target) => {
  let db: TestDatabase;
  let world: JenkinsWorld;
  let oscar: PortalCaller;
  const saved = { ...process.env };

  /** What the worker's syncs do: the groups, the agents, then every node's health. */
  async function resync() {
    const prod = world.config.aws.productionAccounts[0]!;
    const clients = { autoScaling: autoScalingClientFor(prod, 'us-east-1'), ec2: ec2ClientFor(prod, 'us-east-1') };
    await syncAutoScalingGroups({ prisma: db.prisma, config: world.config, now: () => new Date(), account: prod, region: 'us-east-1', clients });
    await syncJenkinsAgents({ prisma: db.prisma, now: () => new Date(), controllers: [{ name: 'ci-int', client: world.jenkins }] });
    await evaluateNodeHealth({ prisma: db.prisma, now: () => new Date(), config: world.config });
  }

  async function request<I extends object>(action: NodeAction, instanceId: string, input: I) {
    const { preview } = await oscar.actions.preview({ action, target: instanceId, input });
    return { preview, request: { target: instanceId, input, previewFingerprint: preview.fingerprint, confirmation: instanceId, reason: 'replace the impaired worker', idempotencyKey: newKey() } };
  }

  /**
   * An instance in service, not yet used by another test, in a group of at least two. A test that
   * changes its group's sizes owns the group: no other test takes an instance from it after.
   */
  const usedInstances = new Set<string>();
  const ownedGroups = new Set<string>();
  function member(options: { ownGroup?: boolean; groupAtMinimum?: boolean } = {}) {
    const fleet = world.sim.world.fleet;
    const own = options.ownGroup || options.groupAtMinimum;
    for (const group of fleet.groups()) {
      if (ownedGroups.has(group.name) || fleet.instancesOf(group.name).length < 2) continue;
      if (own && fleet.instancesOf(group.name).some((i) => usedInstances.has(i.instanceId))) continue;
      const instance = fleet.instancesOf(group.name).find((i) => i.lifecycleState === 'InService' && !usedInstances.has(i.instanceId));
      if (!instance) continue;
      usedInstances.add(instance.instanceId);
      if (own) ownedGroups.add(group.name);
      if (options.groupAtMinimum) group.minSize = group.desiredCapacity;
      return { group, instance };
    }
    throw new Error('no group with a spare instance left in the simulated fleet');
  }

  const auditOf = (action: NodeAction, target: string) => oscar.audit.list({ action, target });

  beforeAll(async () => {
    db = await target.open();
    world = await startJenkinsWorld({});
    const build = world.sim.credentialsFor(world.config.aws.buildAccount.id);
    Object.assign(process.env, { AWS_ENDPOINT_URL: world.sim.url, AWS_ACCESS_KEY_ID: build.accessKeyId, AWS_SECRET_ACCESS_KEY: build.secretAccessKey, AWS_REGION: 'us-east-1' });
    await resync();
    oscar = await signedInAs(db.prisma, world.config, 'oscar');
    // Besides the database: a simulator, its first syncs and the first health judgement.
  }, 3 * TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    process.env = saved;
    await world?.dispose();
    await db?.cleanup();
  });

  it('marks an instance unhealthy in its group, audits it, and the node’s page shows its replacement after the next sync', async () => {
    const { group, instance } = member();
    const { preview, request: req } = await request('node.markUnhealthy', instance.instanceId, { respectGracePeriod: false });
    expect(preview.summary).toMatch(new RegExp(`^Mark ${instance.instanceId} Unhealthy in ${group.name} \\(account \\S+, us-east-1\\): Auto Scaling takes it out of service and launches a replacement`));
    const outcome = await oscar.nodes.markUnhealthy(req);
    expect(outcome).toMatchObject({ state: 'succeeded', result: { instanceId: instance.instanceId, group: group.name } });
    expect(instance.healthStatus).toBe('Unhealthy');
    expect((await auditOf('node.markUnhealthy', instance.instanceId)).items.map((e) => [e.user, e.outcome, e.reason])).toContainEqual(['oscar', 'succeeded', 'replace the impaired worker']);

    world.sim.world.advance(31_000);
    await resync();
    const node = await oscar.nodes.get({ instanceId: instance.instanceId });
    expect(node.asg).toMatchObject({ lifecycleState: expect.stringMatching(/^Terminat/) });
    // The group launched a replacement: as many members in service or pending as before.
    expect(world.sim.world.fleet.instancesOf(group.name).filter((i) => i.lifecycleState !== 'Terminating')).toHaveLength(group.desiredCapacity);
  });

  it('terminates with a replacement: the group keeps its desired capacity and says why in its activity', async () => {
    const { group, instance } = member();
    const desired = group.desiredCapacity;
    const { preview, request: req } = await request('node.terminate', instance.instanceId, { replace: true });
    expect(preview.summary).toContain(`and launch a replacement: the group keeps ${desired} desired`);
    const outcome = await oscar.nodes.terminate(req);
    expect(outcome).toMatchObject({ state: 'succeeded', result: { activityId: expect.any(String), cause: expect.stringContaining('in response to a user request.') } });
    expect(instance.lifecycleState).toBe('Terminating');
    expect(group.desiredCapacity).toBe(desired);
  });

  it('terminates without a replacement: the group shrinks by one, as the preview said', async () => {
    const { group, instance } = member({ ownGroup: true });
    group.minSize = 0;
    await resync();
    const desired = group.desiredCapacity;
    const { preview, request: req } = await request('node.terminate', instance.instanceId, { replace: false });
    expect(preview.summary).toContain(`desired capacity goes from ${desired} to ${desired - 1}`);
    expect(await oscar.nodes.terminate(req)).toMatchObject({ state: 'succeeded' });
    expect(group.desiredCapacity).toBe(desired - 1);
  });

  it('says in plain words that AWS refused to shrink a group at its minimum size, and audits the failure', async () => {
    // The group reached its minimum since the last sync: the preview cannot know, AWS refuses.
    const { group, instance } = member({ groupAtMinimum: true });
    const { request: req } = await request('node.terminate', instance.instanceId, { replace: false });
    const outcome = await oscar.nodes.terminate(req);
    expect(outcome).toMatchObject({
      state: 'failed',
      error: { code: 'group-at-minimum', message: expect.stringMatching(new RegExp(`^${group.name} is at its minimum size \\(${group.minSize}\\), so AWS refused to terminate ${instance.instanceId} without a replacement; terminate it with a replacement, or lower the group's minimum first\\. AWS said: .*desiredSize equals minSize`)) },
    });
    expect(instance.lifecycleState).toBe('InService');
    expect((await auditOf('node.terminate', instance.instanceId)).items.map((e) => e.outcome)).toContain('failed');
  });

  it('says the instance is no longer in its group when it left behind the portal’s back', async () => {
    const { instance } = member();
    const { request: req } = await request('node.markUnhealthy', instance.instanceId, { respectGracePeriod: true });
    world.sim.world.fleet.terminateInstanceInGroup({ ownerId: instance.ownerId, region: instance.region }, instance.instanceId, false);
    world.sim.world.advance(31_000);
    const outcome = await oscar.nodes.markUnhealthy(req);
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'not-in-group', message: expect.stringContaining(`${instance.instanceId} is no longer in`) } });
    expect(outcome.error!.message).toContain(`No managed instance found for instance ID: ${instance.instanceId}`);
  });

  it('takes the agent offline with the person’s message, and brings it back online', async () => {
    const { instance } = member();
    const { preview, request: offline } = await request('node.agent.offline', instance.instanceId, { message: 'disk cleanup' });
    expect(preview.summary).toMatch(new RegExp(`^Take Jenkins agent ${instance.instanceId} on ci-int offline with the message “disk cleanup \\(oscar, through the fleet portal\\)”`));
    expect(await oscar.nodes.takeAgentOffline(offline)).toMatchObject({ state: 'succeeded' });
    const computer = await world.jenkins.computer(instance.instanceId);
    expect(computer).toMatchObject({ temporarilyOffline: true, offlineCauseReason: 'disk cleanup (oscar, through the fleet portal)' });
    expect((await auditOf('node.agent.offline', instance.instanceId)).items.map((e) => [e.user, e.outcome])).toContainEqual(['oscar', 'succeeded']);

    await resync();
    expect((await oscar.nodes.get({ instanceId: instance.instanceId })).reasons.map((r) => r.code)).toContain('agent-temporarily-offline');
    const { request: online } = await request('node.agent.online', instance.instanceId, {});
    expect(await oscar.nodes.bringAgentOnline(online)).toMatchObject({ state: 'succeeded' });
    expect((await world.jenkins.computer(instance.instanceId)).temporarilyOffline).toBe(false);
  });

  it('refuses, before anyone confirms, to bring online an agent nobody took offline, and sends nothing twice', async () => {
    const { instance } = member();
    await expect(oscar.actions.preview({ action: 'node.agent.online', target: instance.instanceId, input: {} })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining(`The agent of ${instance.instanceId} is online on ci-int`),
    });
    const { request: offline } = await request('node.agent.offline', instance.instanceId, { message: 'looking at a hung build' });
    const first = await oscar.nodes.takeAgentOffline(offline);
    const again = await oscar.nodes.takeAgentOffline(offline);
    expect(again).toMatchObject({ replayed: true, journalId: first.journalId });
    expect((await world.jenkins.computer(instance.instanceId)).temporarilyOffline).toBe(true);
  });

  it('sends a termination whose answer was lost once, and settles it by reading the group back: succeeded', async () => {
    const { instance } = member();
    const { request: req } = await request('node.terminate', instance.instanceId, { replace: true });
    const before = world.sim.faults.requests('TerminateInstanceInAutoScalingGroup', 'autoscaling');
    world.sim.faults.inject({ kind: 'drop-response', action: 'TerminateInstanceInAutoScalingGroup' });
    const outcome = await oscar.nodes.terminate(req);
    expect(world.sim.faults.requests('TerminateInstanceInAutoScalingGroup', 'autoscaling') - before).toBe(1);
    expect(outcome.state).toBe('succeeded');
    expect(instance.lifecycleState).toBe('Terminating');
  });

  it('sends a toggleOffline whose answer was lost once, and settles it by reading the agent back: succeeded', async () => {
    const { instance } = member();
    const { request: req } = await request('node.agent.offline', instance.instanceId, { message: 'agent hangs' });
    const before = world.sim.faults.requests('toggleOffline', 'jenkins');
    world.sim.faults.inject({ kind: 'drop-response', service: 'jenkins', action: 'toggleOffline' });
    const outcome = await oscar.nodes.takeAgentOffline(req);
    expect(world.sim.faults.requests('toggleOffline', 'jenkins') - before).toBe(1);
    expect(outcome.state).toBe('succeeded');
    expect((await world.jenkins.computer(instance.instanceId)).temporarilyOffline).toBe(true);
  });
});
