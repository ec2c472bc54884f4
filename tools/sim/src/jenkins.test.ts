import { afterEach, describe, expect, it } from 'vitest';
import { JENKINS_DEMO_PASSWORD, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, JENKINS_READER } from './index.ts';
import { nodeScenario, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();
afterEach(() => fleet.sim.faults.clear());

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const TOKEN = basic(JENKINS_DEMO_USER, JENKINS_DEMO_TOKEN);
const jenkins = (path: string, init: RequestInit & { auth?: string | null } = {}) => {
  const { auth = TOKEN, ...rest } = init;
  return fetch(`${fleet.sim.jenkinsUrl}${path}`, { redirect: 'manual', ...rest, headers: { ...(auth ? { authorization: auth } : {}), ...rest.headers } });
};

interface Computer {
  _class: string;
  displayName: string;
  idle: boolean;
  offline: boolean;
  temporarilyOffline: boolean;
  offlineCause: { _class: string; description?: string } | null;
  offlineCauseReason: string;
  numExecutors: number;
  executors: Record<string, unknown>[];
  assignedLabels: { name: string }[];
  monitorData: Record<string, { size?: number; path?: string } | string | null>;
}
interface ComputerSet {
  _class: string;
  busyExecutors: number;
  totalExecutors: number;
  computer: Computer[];
}

const computers = async (query = '') => (await (await jenkins(`/computer/api/json${query}`)).json()) as ComputerSet;
const computer = async (name: string | undefined, query = '') => (await (await jenkins(`/computer/${name ?? ''}/api/json${query}`)).json()) as Computer;
const nodes = () => nodeScenario(fleet.sim);

describe('Jenkins security', () => {
  it('refuses anonymous callers with 403 and says which permission they lack', async () => {
    const answer = await jenkins('/computer/api/json', { auth: null });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-jenkins')).toBe('2.462.3');
    expect(answer.headers.get('x-you-are-authenticated-as')).toBe('anonymous');
    expect(answer.headers.get('x-required-permission')).toBe('hudson.model.Hub.Read');
    expect(await answer.text()).toContain('Authentication required');
  });

  it('answers a wrong token with 401', async () => {
    const answer = await jenkins('/computer/api/json', { auth: basic(JENKINS_DEMO_USER, '11deadbeef') });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="Jenkins"');
    expect(answer.headers.get('x-jenkins')).toBe('2.462.3');
  });

  it('wants a crumb from its session for a POST made with a password, and none with an API token', async () => {
    const name = nodes().diskAlmostFull;
    const password = basic(JENKINS_DEMO_USER, JENKINS_DEMO_PASSWORD);
    const refused = await jenkins(`/computer/${name}/toggleOffline`, { method: 'POST', auth: password });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('No valid crumb was included in the request');
    const issued = await jenkins('/crumbIssuer/api/json', { auth: password });
    const { crumb, crumbRequestField } = (await issued.json()) as { crumb: string; crumbRequestField: string };
    const cookie = issued.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect([crumbRequestField, cookie]).toEqual(['Jenkins-Crumb', expect.stringMatching(/^JSESSIONID\.[0-9a-f]{8}=/)]);
    const accepted = await jenkins(`/computer/${name}/toggleOffline`, { method: 'POST', auth: password, headers: { cookie, 'Jenkins-Crumb': crumb } });
    expect(accepted.status).toBe(302);
    expect((await jenkins(`/computer/${name}/toggleOffline`, { method: 'POST' })).status).toBe(302);
    expect((await computer(name)).temporarilyOffline).toBe(false);
  });

  it('tells a reader who tries to take an agent offline which permission it lacks', async () => {
    const answer = await jenkins(`/computer/${nodes().diskAlmostFull}/toggleOffline`, { method: 'POST', auth: basic(JENKINS_READER.user, JENKINS_READER.token) });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-you-are-authenticated-as')).toBe(JENKINS_READER.user);
    expect(answer.headers.get('x-required-permission')).toBe('hudson.model.Computer.Disconnect');
  });
});

describe('GET /computer/api/json', () => {
  it('lists the built-in node, then an agent per instance the EC2 Fleet plugin knows, shown as its cloud and instance id', async () => {
    const set = await computers();
    expect(set._class).toBe('hudson.model.ComputerSet');
    expect(set.computer[0]).toMatchObject({ _class: 'hudson.model.Hudson$MasterComputer', displayName: 'Built-In Node', numExecutors: 0, offline: false });
    const agents = set.computer.slice(1);
    expect(agents.every((agent) => agent._class === 'com.amazon.jenkins.ec2fleet.EC2FleetNodeComputer')).toBe(true);
    const running = fleet.sim.world.fleet.instances.all().filter((instance) => instance.state === 'running' && instance.instanceId !== nodes().noAgent);
    // EC2FleetNodeComputer.getDisplayName: `<cloud> <instance id>`; the stale agent's cloud is gone, its name is the id alone.
    expect(agents.filter((agent) => agent.displayName !== nodes().staleAgent).every((agent) => /^\S+ i-[0-9a-f]{17}$/.test(agent.displayName))).toBe(true);
    expect(agents.map((agent) => agent.displayName.split(' ').at(-1)).sort()).toEqual([...running.map((instance) => instance.instanceId), nodes().staleAgent].sort());
    const online = agents.filter((agent) => !agent.offline);
    expect(set.totalExecutors).toBe(online.reduce((sum, agent) => sum + agent.numExecutors, 0));
    expect(set.busyExecutors).toBe(fleet.sim.world.nodes.agents().reduce((sum, agent) => sum + agent.state.busyExecutors, 0));
    expect(set.busyExecutors).toBeGreaterThan(0);
  });

  it('shows an online agent with its labels, executors and what its monitors read', async () => {
    const name = nodes().diskAlmostFull ?? '';
    const agent = await computer(name);
    expect(agent).toMatchObject({ offline: false, temporarilyOffline: false, offlineCause: null, offlineCauseReason: '' });
    expect(agent.assignedLabels.map((label) => label.name)).toContain(name);
    expect(agent.assignedLabels.length).toBeGreaterThan(1);
    expect(agent.executors).toEqual(Array.from({ length: agent.numExecutors }, () => ({})));
    expect(agent.monitorData['hudson.node_monitors.DiskSpaceMonitor']).toMatchObject({ path: '/var/lib/jenkins', size: fleet.sim.world.nodes.require(name).disk.availBytes });
    expect(agent.monitorData['hudson.node_monitors.ArchitectureMonitor']).toBe('Linux (amd64)');
  });

  it('shows an agent taken offline for a disk cleanup, still connected', async () => {
    const agent = await computer(nodes().agentTemporarilyOffline);
    expect(agent).toMatchObject({ offline: true, temporarilyOffline: true, offlineCauseReason: 'disk cleanup by sre' });
    expect(agent.offlineCause).toMatchObject({ _class: 'hudson.slaves.OfflineCause$UserCause', description: 'Disconnected by cwei : disk cleanup by sre' });
    expect(agent.monitorData['hudson.node_monitors.DiskSpaceMonitor']).not.toBeNull();
  });

  it('shows an agent whose connection broke with null monitors, and the stale one likewise', async () => {
    for (const name of [nodes().agentDisconnected, nodes().staleAgent]) {
      const agent = await computer(name);
      expect(agent).toMatchObject({ offline: true, temporarilyOffline: false, offlineCause: { _class: 'hudson.slaves.OfflineCause$ChannelTermination' } });
      expect(agent.offlineCauseReason).toMatch(/^Connection was broken: java\.nio\.channels\.ClosedChannelException\n\tat /);
      expect(Object.values(agent.monitorData).every((value) => value === null)).toBe(true);
    }
  });

  it('keeps only what ?tree= names, _class included', async () => {
    const set = (await computers('?tree=busyExecutors,computer[displayName,offline,monitorData[hudson.node_monitors.DiskSpaceMonitor[size]]]{1,3}')) as unknown as Record<string, unknown>;
    expect(Object.keys(set).sort()).toEqual(['_class', 'busyExecutors', 'computer']);
    const listed = set.computer as Record<string, unknown>[];
    expect(listed).toHaveLength(2);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['_class', 'displayName', 'monitorData', 'offline']);
    expect(listed[0]?.displayName).not.toBe('Built-In Node');
    expect(Object.keys((listed[0]?.monitorData as object | undefined) ?? {})).toEqual(['hudson.node_monitors.DiskSpaceMonitor']);
    const bare = (await computers('?tree=computer')) as unknown as { computer: object[] };
    expect(bare.computer[0]).toEqual({ _class: 'hudson.model.Hudson$MasterComputer' });
    expect((await jenkins('/computer/api/json?tree=computer[displayName')).status).toBe(400);
  });

  it('shows inside executors when the tree asks, whatever the depth', async () => {
    const busy = fleet.sim.world.nodes.agents().find((agent) => agent.state.busyExecutors > 0);
    const set = await computers('?tree=computer[displayName,idle,executors[idle]]');
    const listed = set.computer.find((candidate) => candidate.displayName.split(' ').at(-1) === busy?.name);
    expect(listed?.executors.filter((executor) => executor.idle === false)).toHaveLength(busy?.state.busyExecutors ?? -1);
    expect(listed?.idle).toBe(false);
  });

  it('describes what busy executors run at depth 1', async () => {
    const busy = fleet.sim.world.nodes.agents().find((agent) => agent.state.busyExecutors > 0);
    const agent = await computer(busy?.name, '?depth=1');
    expect(agent.executors[0]).toMatchObject({ _class: 'hudson.model.Executor', idle: false, number: 0, currentExecutable: { url: expect.stringMatching(/\/job\/[\w-]+\/\d+\/$/) } });
  });
});

describe('one computer', () => {
  it('answers 404 with an HTML page for a name it does not know, and to HEAD as to GET', async () => {
    const missing = await jenkins('/computer/i-0123456789abcdef0/api/json');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await jenkins(`/computer/${nodes().diskAlmostFull}/api/json`, { method: 'HEAD' })).status).toBe(200);
    expect((await jenkins('/computer/(built-in)/api/json').then((answer) => answer.json())) as Computer).toMatchObject({ displayName: 'Built-In Node' });
  });

  it('is taken offline with a message and brought back by toggleOffline, a POST only', async () => {
    const name = nodes().diskFillingUp;
    expect((await jenkins(`/computer/${name}/toggleOffline`)).status).toBe(405);
    const answer = await jenkins(`/computer/${name}/toggleOffline?offlineMessage=${encodeURIComponent('kernel update')}`, { method: 'POST' });
    expect([answer.status, answer.headers.get('location')]).toEqual([302, `${fleet.sim.jenkinsUrl}/computer/${name}/`]);
    expect(await computer(name)).toMatchObject({ temporarilyOffline: true, offlineCauseReason: 'kernel update', offlineCause: { description: `Disconnected by ${JENKINS_DEMO_USER} : kernel update` } });
    await jenkins(`/computer/${name}/toggleOffline`, { method: 'POST' });
    expect(await computer(name)).toMatchObject({ temporarilyOffline: false, offline: false, offlineCauseReason: '' });
  });
});

describe('Jenkins faults', () => {
  it('answers 503 while down, with X-Jenkins still set', async () => {
    fleet.sim.faults.inject({ kind: 'error', code: 'Unavailable', service: 'jenkins', status: 503, count: 2 });
    const answer = await jenkins('/computer/api/json');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-jenkins')).toBe('2.462.3');
    expect((await jenkins('/crumbIssuer/api/json')).status).toBe(503);
    expect((await jenkins('/computer/api/json')).status).toBe(200);
  });

  it('hangs a page until the client gives up', async () => {
    fleet.sim.faults.inject({ kind: 'latency', service: 'jenkins', action: 'computers', latencyMs: 30_000 });
    await expect(jenkins('/computer/api/json', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/aborted|timeout/i);
  });

  it('is not hit by a fault meant for AWS', async () => {
    fleet.sim.faults.inject({ kind: 'internal-error' });
    expect((await jenkins('/computer/api/json')).status).toBe(200);
    expect(fleet.sim.faults.pending()).toHaveLength(1);
  });
});
