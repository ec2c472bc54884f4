import { describe, expect, it } from 'vitest';
import { parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { DEMO_JENKINS_CONTROLLERS, JENKINS_READER } from './index.ts';
import { basicAuth, jenkinsClient } from './jenkins-test-client.ts';
import { controllerUrl, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet({ jenkinsControllers: DEMO_JENKINS_CONTROLLERS });
const ciInt = () => jenkinsClient(fleet.sim, controllerUrl(fleet.sim, 'ci-int'));
const ciExt = () => jenkinsClient(fleet.sim, controllerUrl(fleet.sim, 'ci-ext'));
const YAML = 'application/x-yaml';

async function exported(): Promise<string> {
  const answer = await ciInt().post('/configuration-as-code/export');
  expect(answer.status).toBe(200);
  return answer.text();
}

interface CloudEntry {
  eC2Fleet?: Record<string, unknown>;
  kubernetes?: Record<string, unknown>;
}

const cloudsOf = (yaml: string) => (parse(yaml) as { jenkins: { clouds: CloudEntry[] } }).jenkins.clouds;
const check = async (yaml: string) => {
  const answer = await ciInt().post('/configuration-as-code/check', yaml, YAML);
  return { status: answer.status, type: answer.headers.get('content-type'), issues: (await answer.json()) as { line: number; message: string }[] };
};
/** The export with one cloud's settings changed, as a client would write it back. */
function withCloud(yaml: string, index: number, change: (settings: YAMLMap) => void): string {
  const document = parseDocument(yaml);
  const clouds = document.getIn(['jenkins', 'clouds']) as YAMLSeq<YAMLMap>;
  change(clouds.items[index]?.get('eC2Fleet') as YAMLMap);
  return document.toString({ indentSeq: false, lineWidth: 0 });
}
/** The 1-based line of the first line holding `text`, from line `after` on. */
const lineOf = (yaml: string, text: string, after = 1) => yaml.split('\n').findIndex((line, index) => index + 1 >= after && line.includes(text)) + 1;

describe('Configuration as Code on ci-int', () => {
  it('exports the whole configuration as a jenkins.yaml attachment: eC2Fleet clouds with sorted keys, quoted strings and sSHConnector, the Kubernetes cloud, the other sections', async () => {
    const answer = await ciInt().post('/configuration-as-code/export');
    expect([answer.status, answer.headers.get('content-type'), answer.headers.get('content-disposition')]).toEqual([200, 'application/x-yaml; charset=utf-8', 'attachment; filename=jenkins.yaml']);
    const yaml = await answer.text();
    const clouds = cloudsOf(yaml);
    const groups = fleet.sim.world.config.workerTypes.filter((type) => type.baseOs !== 'centos7').flatMap((type) => type.asgs);
    expect(clouds.flatMap((cloud) => (cloud.eC2Fleet ? [cloud.eC2Fleet.fleet] : []))).toEqual(groups);
    expect(clouds.at(-1)?.kubernetes?.name).toBe('openshift-builds');
    const first = clouds[0]?.eC2Fleet ?? {};
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());
    expect(first.computerConnector).toMatchObject({ sSHConnector: { port: 22, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } });
    expect(yaml).toContain(`\n      fleet: "${groups[0]}"\n`);
    expect(yaml).toMatch(/\n {6}maxSize: \d+\n/);
    expect(yaml).toMatch(/\n {2}mode: NORMAL\n/);
    const whole = parse(yaml) as Record<string, Record<string, unknown>>;
    expect(Object.keys(whole)).toEqual(['jenkins', 'globalCredentialsConfiguration', 'appearance', 'security', 'unclassified', 'tool']);
    expect(whole.unclassified?.location).toMatchObject({ url: `${controllerUrl(fleet.sim, 'ci-int')}/` });
  });

  it('exports the field the seed drifted by hand as the controller has it', async () => {
    const drift = fleet.sim.world.scenario?.clouds.drift['ci-int'];
    const cloud = cloudsOf(await exported()).find((entry) => entry.eC2Fleet?.name === drift?.cloud)?.eC2Fleet;
    expect(drift).toMatchObject({ field: 'idleMinutes', implied: 30, live: 10 });
    expect(cloud?.idleMinutes).toBe(10);
  });

  it('wants POST and Overall/Administer for its endpoints', async () => {
    expect((await ciInt().request('/configuration-as-code/export')).status).toBe(405);
    const reader = await ciInt().request('/configuration-as-code/export', { method: 'POST', auth: basicAuth(JENKINS_READER.user, JENKINS_READER.token) });
    expect(reader.status).toBe(403);
  });

  it('checks its own export as fine: 200 []', async () => {
    expect(await check(await exported())).toEqual({ status: 200, type: 'application/json', issues: [] });
  });

  it('refuses an unknown attribute as the plugin does: 400, line -1, the available attributes', async () => {
    const yaml = withCloud(await exported(), 0, (settings) => settings.set('maxSizes', 4));
    const { status, issues } = await check(yaml);
    expect(status).toBe(400);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBe(-1);
    expect(issues[0]?.message).toMatch(/^eC2Fleet: Invalid configuration elements for type: class com\.amazon\.jenkins\.ec2fleet\.EC2FleetCloud : maxSizes\.\nAvailable attributes : addNodeOnlyIfRunning, alwaysReconnect, /);
    expect(issues[0]?.message).toContain(', environmentVariables, executorScaler, fleet, ');
  });

  it('names the lines of a value of the wrong kind: the value, and the clouds list it is in', async () => {
    const yaml = withCloud(await exported(), 1, (settings) => settings.set('labelString', ['rhel8', 'builder']));
    const { status, issues } = await check(yaml);
    const list = lineOf(yaml, '- eC2Fleet:');
    const value = lineOf(yaml, 'labelString:', lineOf(yaml, '- eC2Fleet:', list + 1)) + 1;
    expect(status).toBe(400);
    expect(issues).toEqual([
      { line: -1, message: `cloud: Failed to configure 'clouds': Item isn't a Scalar /configuration-as-code/check:${value}\n  at /configuration-as-code/check:${list} (path: clouds)` },
    ]);
  });

  it('fails a cloud whose fleet AWS does not have, as its constructor does', async () => {
    const yaml = withCloud(await exported(), 0, (settings) => settings.set('fleet', 'no-such-group'));
    const [issue] = (await check(yaml)).issues;
    expect(issue?.message).toMatch(
      /^cloud: Failed to configure 'clouds': Failed to construct instance of class com\.amazon\.jenkins\.ec2fleet\.EC2FleetCloud\.\n Constructor: public com\.amazon\.jenkins\.ec2fleet\.EC2FleetCloud\(java\.lang\.String,java\.lang\.String,/,
    );
    expect(issue?.message).toContain('\n Expected Parameters: name java.lang.String, awsCredentialsId java.lang.String, credentialsId java.lang.String, region java.lang.String,');
  });

  it('refuses an unknown cloud kind and an unknown root element', async () => {
    const kind = await check('jenkins:\n  clouds:\n  - amazonEC2:\n      name: "x"\n');
    expect(kind.issues).toEqual([{ line: -1, message: 'cloud: No hudson.slaves.Cloud implementation found for amazonEC2' }]);
    const root = await check('fleetPortal:\n  clouds: []\n');
    expect(root.status).toBe(400);
    expect(root.issues[0]?.message).toMatch(/^No configurator found for the following root element: fleetPortal\. This may indicate/);
  });

  it('applies jenkins.clouds as the whole list and exports what it applied', async () => {
    const before = await exported();
    const yaml = withCloud(before, 0, (settings) => settings.set('maxSize', 3));
    expect((await ciInt().post('/configuration-as-code/apply', yaml, YAML)).status).toBe(200);
    const after = await exported();
    expect(cloudsOf(after)[0]?.eC2Fleet?.maxSize).toBe(3);
    expect(cloudsOf(after).slice(1)).toEqual(cloudsOf(before).slice(1));
  });

  it('answers an apply it cannot configure with its error page and changes nothing', async () => {
    const before = await exported();
    const answer = await ciInt().post('/configuration-as-code/apply', withCloud(before, 0, (settings) => settings.set('sizes', 3)), YAML);
    expect(answer.status).toBe(500);
    expect(await answer.text()).toMatch(/Logging ID=[0-9a-f-]{36}/);
    expect(await exported()).toBe(before);
  });

  it('orphans the agents of a cloud the apply renames, and adds no agent for a new instance while they are orphans', async () => {
    const { world } = fleet.sim;
    const ciIntSite = world.controller('ci-int');
    const before = await exported();
    const renamed = cloudsOf(before)[2]?.eC2Fleet;
    const group = String(renamed?.fleet);
    const agents = ciIntSite.agents().filter((agent) => world.fleet.instances.get(agent.name)?.groupName === group).map((agent) => agent.name);
    expect(agents.length).toBeGreaterThan(0);

    await ciInt().post('/configuration-as-code/apply', withCloud(before, 2, (settings) => settings.set('name', `${String(renamed?.name)}-v2`)), YAML);
    expect(ciIntSite.clouds.orphans().map((node) => node.name).sort()).toEqual([...agents].sort());
    expect(ciIntSite.agents().map((agent) => agent.name)).toEqual(expect.arrayContaining(agents));

    const other = String(cloudsOf(before)[0]?.eC2Fleet?.fleet);
    const known = new Set(world.fleet.instancesOf(other).map((instance) => instance.instanceId));
    world.fleet.setDesiredCapacity(other, world.fleet.requireGroup(other).desiredCapacity + 1);
    world.advance(15 * 60_000);
    const fresh = world.fleet.instancesOf(other).find((instance) => !known.has(instance.instanceId));
    expect(fresh && world.nodes.agent(fresh.instanceId)?.state.connection).toBe('online');
    expect(ciIntSite.agent(fresh?.instanceId ?? '')).toBeUndefined();

    await ciInt().post('/configuration-as-code/apply', before, YAML);
    expect(ciIntSite.clouds.orphans()).toEqual([]);
    expect(ciIntSite.agent(fresh?.instanceId ?? '')).toBeDefined();
  });

  it('is not there on a controller without the plugin', async () => {
    expect((await ciExt().post('/configuration-as-code/export')).status).toBe(404);
    expect((await ciExt().post('/configuration-as-code/check', 'jenkins: {}\n', YAML)).status).toBe(404);
  });
});
