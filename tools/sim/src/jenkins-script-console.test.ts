import { readFileSync } from 'node:fs';
import { declaredEc2FleetCloudSchema, diffClouds } from '@fleet/core';
import { parseCloudReadOutput, parseCloudSyncOutput, renderCloudReadScript, renderCloudSyncScript } from '@fleet/jenkins';
import { describe, expect, it } from 'vitest';
import { DEMO_JENKINS_CONTROLLERS, JENKINS_READER } from './index.ts';
import { basicAuth, jenkinsClient } from './jenkins-test-client.ts';
import { controllerUrl, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet({ jenkinsControllers: DEMO_JENKINS_CONTROLLERS });
const scriptConsole = (controller: string) => jenkinsClient(fleet.sim, controllerUrl(fleet.sim, controller));
const recorded = (file: string) => readFileSync(new URL(`./jenkins/script-console/recorded/${file}`, import.meta.url), 'utf8');

async function run(controller: string, script: string): Promise<string> {
  const answer = await scriptConsole(controller).post('/scriptText', new URLSearchParams({ script }).toString());
  expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'text/plain;charset=utf-8']);
  return answer.text();
}

async function read(controller: string) {
  const answer = parseCloudReadOutput(await run(controller, renderCloudReadScript()));
  if (!answer.ok) throw new Error(answer.message);
  return answer.value;
}

function syncScript(clouds: unknown[], pluginVersion: string): string {
  const rendered = renderCloudSyncScript(clouds.map((cloud) => declaredEc2FleetCloudSchema.parse(cloud)), { pluginVersion });
  if (!rendered.ok) throw new Error(rendered.message);
  return rendered.script;
}

const implied = (controller: string) => fleet.sim.world.scenario?.clouds.implied[controller] ?? [];

describe('the Script Console', () => {
  it('prints what println and print print, and a final string literal as its Result', async () => {
    expect(await run('ci-int', "println 'hello'\nprintln(\"it's \\\"quoted\\\"\")\nprint('no newline')")).toBe('hello\nit\'s "quoted"\nno newline');
    expect(await run('ci-int', "// a comment\nprintln 'a'; 'the value'")).toBe('a\nResult: the value\n');
  });

  it('wants POST and Overall/Administer', async () => {
    expect((await scriptConsole('ci-int').request('/scriptText?script=println%201')).status).toBe(405);
    const reader = await scriptConsole('ci-int').request('/scriptText', { method: 'POST', body: 'script=println+1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, auth: basicAuth(JENKINS_READER.user, JENKINS_READER.token) });
    expect([reader.status, reader.headers.get('x-required-permission')]).toEqual([403, 'hudson.model.Hudson.Administer']);
  });

  it('answers what it cannot run with an exception in a 200 body, after what ran before it', async () => {
    const output = await run('ci-int', "println 'before'\nJenkins.instance.doSafeRestart()");
    expect(output.split('\n').slice(0, 3)).toEqual([
      'before',
      "java.lang.UnsupportedOperationException: the simulated Script Console runs println and print of string literals and the fleet portal's cloud scripts, not: Jenkins.instance.doSafeRestart()",
      '\tat Script1.run(Script1.groovy:2)',
    ]);
  });

  it('syncs the clouds of ci-ext through ec2-fleet 2.7.1’s constructor and reads them back in sync, every node still in a live cloud', async () => {
    const declared = implied('ci-ext');
    expect(parseCloudSyncOutput(await run('ci-ext', syncScript(declared, '2.7.1')))).toEqual({ ok: true, value: { applied: declared.length } });
    const live = await read('ci-ext');
    expect(live.pluginVersion).toBe('2.7.1');
    expect(diffClouds(declared.map((cloud) => declaredEc2FleetCloudSchema.parse(cloud)), live).map((diff) => diff.status)).toEqual(declared.map(() => 'in-sync'));
    expect(live.nodes?.length).toBeGreaterThan(0);
    expect(live.nodes?.filter((node) => node.cloud === null)).toEqual([]);
  });

  it('refuses a script for another plugin release with what Groovy prints, and changes nothing', async () => {
    const before = await run('ci-int', renderCloudReadScript());
    const mismatch = await run('ci-int', recorded('sync-script-2.7.1.groovy'));
    const expected = recorded('constructor-mismatch-2.7.1-script-on-4.3.0.txt').replaceAll('script0', 'Script1').trimEnd().split('\n');
    expect(mismatch.split('\n').slice(0, expected.length)).toEqual(expected);
    expect(parseCloudSyncOutput(mismatch)).toMatchObject({ ok: false, code: 'script-failed' });
    expect(await run('ci-int', renderCloudReadScript())).toBe(before);
  });

  it('fails to compile a script naming classes the installed release lacks, as Groovy reports it', async () => {
    const before = await run('ci-ext', renderCloudReadScript());
    const output = await run('ci-ext', recorded('sync-script-4.3.0.groovy'));
    const expected = recorded('unresolved-classes-4.3.0-script-on-2.7.1.txt').replace(/\/tmp\/fleet-groovy-\w+\/script0\.groovy/g, 'Script1.groovy');
    expect(output.startsWith(expected)).toBe(true);
    expect(await run('ci-ext', renderCloudReadScript())).toBe(before);
  });

  it('counts the arguments: a 25-argument call finds no constructor on 2.7.1', async () => {
    const script = syncScript(implied('ci-ext'), '3.0.2');
    const [first] = (await run('ci-ext', script)).split('\n');
    expect(first).toMatch(/^groovy\.lang\.GroovyRuntimeException: Could not find matching constructor for: com\.amazon\.jenkins\.ec2fleet\.EC2FleetCloud\(java\.lang\.String, (?:[\w.$]+|null)(?:, (?:[\w.$]+|null)){23}\)$/);
  });

  it('leaves the nodes of a cloud the sync drops on 2.7.1 holding the old cloud object: orphans', async () => {
    const [kept, dropped] = implied('ci-ext');
    const { world } = fleet.sim;
    const droppedNodes = world.controller('ci-ext').agents().filter((agent) => world.fleet.instances.get(agent.name)?.groupName === dropped?.fleet).map((agent) => agent.name);
    expect(droppedNodes.length).toBeGreaterThan(0);
    await run('ci-ext', syncScript([kept], '2.7.1'));
    const nodes = (await read('ci-ext')).nodes ?? [];
    expect(nodes.filter((node) => node.cloud === null).map((node) => node.name).sort()).toEqual([...droppedNodes].sort());
    expect(nodes.filter((node) => node.cloud !== null).every((node) => node.cloud === kept?.name)).toBe(true);
    await run('ci-ext', syncScript(implied('ci-ext'), '2.7.1'));
  });

  it('lets a renamed cloud of the same fleet take its nodes over on 2.7.1 (EC2FleetCloudAwareUtils.reassign)', async () => {
    const clouds = implied('ci-ext').map((cloud, index) => (index === 0 ? { ...cloud, name: `${String(cloud.name)}-renamed` } : cloud));
    await run('ci-ext', syncScript(clouds, '2.7.1'));
    const nodes = (await read('ci-ext')).nodes ?? [];
    expect(nodes.filter((node) => node.cloud === null)).toEqual([]);
    expect(nodes.some((node) => node.cloud === clouds[0]?.name)).toBe(true);
  });
});
