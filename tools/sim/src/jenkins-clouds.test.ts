import { describe, expect, it } from 'vitest';
import { CI_EXT, CI_INT, CONFIGURATION_AS_CODE_VERSION, CURRENT_EC2_FLEET_VERSION, DEMO_JENKINS_CONTROLLERS } from './index.ts';
import { jenkinsClient } from './jenkins-test-client.ts';
import { controllerUrl, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet({ jenkinsControllers: DEMO_JENKINS_CONTROLLERS });
const client = (controller: string) => jenkinsClient(fleet.sim, controllerUrl(fleet.sim, controller));
const control = (path: string, init: RequestInit = {}) => fetch(`${fleet.sim.url}/_sim/jenkins/controllers${path}`, { ...init, headers: { 'content-type': 'application/json' } });

async function agentNames(controller: string): Promise<string[]> {
  const set = await client(controller).json<{ computer: { _class: string; displayName: string }[] }>('/computer/api/json?tree=computer[_class,displayName]');
  // Shown as `<cloud> <instance id>`: the instance is the last word.
  return set.computer.filter((computer) => computer._class.endsWith('EC2FleetNodeComputer')).map((computer) => computer.displayName.split(' ').at(-1)!);
}

describe('two controllers, each with its clouds and the agents they keep', () => {
  it('lists an instance’s agent on the controller whose cloud manages its group, and on no other', async () => {
    const { world } = fleet.sim;
    const [ciInt, ciExt] = [await agentNames('ci-int'), await agentNames('ci-ext')];
    const groupOf = (name: string) => world.fleet.instances.get(name)?.groupName ?? '';
    expect(ciExt.length).toBeGreaterThan(0);
    expect(ciExt.every((name) => groupOf(name).includes('centos7'))).toBe(true);
    expect(ciInt.some((name) => groupOf(name).includes('centos7'))).toBe(false);
    expect([...ciInt, ...ciExt].sort()).toEqual(world.nodes.agents().map((agent) => agent.name).sort());
  });

  it('runs each controller on its own port, with its own version and session cookie', async () => {
    const [ciInt, ciExt] = [await client('ci-int').request('/crumbIssuer/api/json'), await client('ci-ext').request('/crumbIssuer/api/json')];
    expect([ciInt.headers.get('x-jenkins'), ciExt.headers.get('x-jenkins')]).toEqual(['2.462.3', '2.361.4']);
    const cookie = (answer: Response) => answer.headers.get('set-cookie')?.split('=')[0];
    expect(cookie(ciInt)).toMatch(/^JSESSIONID\./);
    expect(cookie(ciInt)).not.toBe(cookie(ciExt));
    expect(fleet.sim.jenkinsUrl).toBe(controllerUrl(fleet.sim, 'ci-int'));
  });

  it('lists the installed plugins: Configuration as Code and ec2-fleet 4.3 on ci-int, ec2-fleet 2.7.1 alone on ci-ext', async () => {
    const plugins = async (controller: string) =>
      (await client(controller).json<{ plugins: { shortName: string; version: string; active: boolean; enabled: boolean }[] }>('/pluginManager/api/json?tree=plugins[shortName,version,active,enabled]')).plugins;
    expect(await plugins('ci-int')).toEqual(expect.arrayContaining([{ shortName: 'ec2-fleet', version: CURRENT_EC2_FLEET_VERSION, active: true, enabled: true }, expect.objectContaining({ shortName: 'configuration-as-code' })]));
    const ciExt = await plugins('ci-ext');
    expect(ciExt.find((plugin) => plugin.shortName === 'ec2-fleet')?.version).toBe('2.7.1');
    expect(ciExt.some((plugin) => plugin.shortName === 'configuration-as-code')).toBe(false);
    const shallow = await client('ci-int').json<{ plugins: Record<string, unknown>[] }>('/pluginManager/api/json');
    expect(shallow.plugins.every((plugin) => Object.keys(plugin).length === 0)).toBe(true);
  });

  it('answers /ec2-fleet/stats from ec2-fleet 4.2.0 on: per cloud its fleet, state, label, active and desired nodes', async () => {
    const { world } = fleet.sim;
    const answer = await client('ci-int').request('/ec2-fleet/stats');
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'application/json']);
    const stats = (await answer.json()) as Record<string, unknown>[];
    const clouds = world.controller('ci-int').clouds.fleetClouds();
    expect(stats.map((entry) => Object.keys(entry))).toEqual(clouds.map(() => ['numActive', 'fleet', 'numDesired', 'state', 'label']));
    for (const [index, cloud] of clouds.entries()) {
      const group = world.fleet.requireGroup(cloud.fields.fleet ?? '');
      const active = world.fleet.instancesOf(group.name).filter((instance) => instance.state === 'running' || instance.state === 'pending').length;
      const desired = Math.max(cloud.fields.minSize, Math.min(cloud.fields.maxSize, group.desiredCapacity));
      expect(stats[index]).toEqual({ numActive: active, fleet: group.name, numDesired: desired, state: 'active', label: cloud.fields.labelString });
    }
    expect((await client('ci-ext').request('/ec2-fleet/stats')).status).toBe(404);
  });

  it('changes a cloud by hand through /_sim: a new maxSize keeps the nodes, a new name orphans them until the name comes back', async () => {
    const { world } = fleet.sim;
    const [cloud] = world.controller('ci-int').clouds.fleetClouds();
    const name = encodeURIComponent(cloud?.name ?? '');
    const changed = (await (await control(`/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ maxSize: 2 }) })).json()) as { clouds: { name: string; maxSize: number }[]; orphans: unknown[] };
    expect(changed.clouds.find((entry) => entry.name === cloud?.name)?.maxSize).toBe(2);
    expect(changed.orphans).toEqual([]);

    const renamed = (await (await control(`/ci-int/clouds/${name}`, { method: 'POST', body: JSON.stringify({ name: 'hand-made' }) })).json()) as { orphans: { name: string; cloud: string }[] };
    expect(renamed.orphans.length).toBeGreaterThan(0);
    expect(renamed.orphans.every((orphan) => orphan.cloud === cloud?.name)).toBe(true);
    const back = (await (await control('/ci-int/clouds/hand-made', { method: 'POST', body: JSON.stringify({ name: cloud?.name }) })).json()) as { orphans: unknown[] };
    expect(back.orphans).toEqual([]);
  });

  it('refuses an unknown field, an unknown cloud and an unknown controller', async () => {
    expect((await control('/ci-int/clouds/x', { method: 'POST', body: JSON.stringify({ maxSize: 2 }) })).status).toBe(400);
    const [cloud] = fleet.sim.world.controller('ci-int').clouds.fleetClouds();
    expect((await control(`/ci-int/clouds/${encodeURIComponent(cloud?.name ?? '')}`, { method: 'POST', body: JSON.stringify({ maxSizes: 2 }) })).status).toBe(400);
    expect((await control('/ci-nope/clouds')).status).toBe(404);
  });
});

describe('agents named as EC2FleetNodeComputer names them', () => {
  const named = useFrozenFleet({ jenkinsControllers: [{ ...CI_INT, agentDisplayNames: 'cloud-and-instance-id' }] });

  it('shows "<cloud> <instance id>", the cloud the node was made by even after it is gone', async () => {
    const { world } = named.sim;
    const site = world.controller('ci-int');
    const [cloud] = site.clouds.fleetClouds();
    const agent = site.agents().find((candidate) => world.fleet.instances.get(candidate.name)?.groupName === cloud?.fields.fleet);
    const shown = async () => (await jenkinsClient(named.sim).json<{ displayName: string }>(`/computer/${agent?.name}/api/json`)).displayName;
    expect(await shown()).toBe(`${cloud?.name} ${agent?.name}`);
    site.clouds.remove(cloud?.name ?? '');
    expect(await shown()).toBe(`${cloud?.name} ${agent?.name}`);
    expect(site.clouds.orphans().map((node) => node.name)).toContain(agent?.name);
  });
});

describe('Configuration as Code on a controller with ec2-fleet 2.7.1', () => {
  const old = useFrozenFleet({ jenkinsControllers: [CI_INT, { ...CI_EXT, configurationAsCodeVersion: CONFIGURATION_AS_CODE_VERSION }] });

  it('orphans the agents by exporting: the reference cloud the export constructs takes them over (ec2-fleet-plugin#323)', async () => {
    const site = old.sim.world.controller('ci-ext');
    const agents = site.agents().map((agent) => agent.name);
    expect(agents.length).toBeGreaterThan(0);
    expect(site.clouds.orphans()).toEqual([]);
    expect((await jenkinsClient(old.sim, controllerUrl(old.sim, 'ci-ext')).post('/configuration-as-code/export')).status).toBe(200);
    expect(site.clouds.orphans().map((node) => node.name).sort()).toEqual([...agents].sort());
  });
});
