import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JENKINS_DEMO_PASSWORD, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, JENKINS_READER } from './index.ts';
import { pythonJenkinsAvailable, runPythonClient } from './python-jenkins-client.ts';
import { nodeScenario, useFrozenFleet } from './test-fixture.ts';

/*
 * python-jenkins's disable_node and enable_node against the simulated controller, through
 * tools/sim/clients/python_jenkins_nodes.py: the toggle with its message, what the computer's JSON
 * says after each step, and Jenkins's refusals as python-jenkins reports them.
 */
const available = pythonJenkinsAvailable('taking agents offline');

const state = z.object({ offline: z.boolean(), temporarilyOffline: z.boolean(), offlineCauseReason: z.string() });
const refusal = z.object({ type: z.string(), message: z.string() }).nullable();
const runSchema = z.object({ before: state, disableRefused: refusal, disabled: state, disableTwiceRefused: refusal, disabledTwice: state, enableRefused: refusal, enabled: state, missing: refusal });

const fleet = useFrozenFleet();

async function toggle(user: string, secret: string, node: string, message: string) {
  const stdout = await runPythonClient('python_jenkins_nodes.py', ['--url', fleet.sim.jenkinsUrl, '--user', user, '--secret', secret, '--node', node, '--message', message], 60_000);
  return runSchema.parse(JSON.parse(stdout));
}

describe.skipIf(!available)('python-jenkins takes an agent offline and back', () => {
  it.each([
    ['the password (with a crumb)', JENKINS_DEMO_PASSWORD],
    ['the API token', JENKINS_DEMO_TOKEN],
  ])('with %s: offline with the message, kept on a second disable, online again', async (_how, secret) => {
    const node = nodeScenario(fleet.sim).diskAlmostFull!;
    const run = await toggle(JENKINS_DEMO_USER, secret, node, 'disk at 96 %: cleaning /var/lib/jenkins');
    expect(run.before).toEqual({ offline: false, temporarilyOffline: false, offlineCauseReason: '' });
    expect(run.disableRefused).toBeNull();
    expect(run.disabled).toEqual({ offline: true, temporarilyOffline: true, offlineCauseReason: 'disk at 96 %: cleaning /var/lib/jenkins' });
    expect(run.disabledTwice).toEqual(run.disabled);
    expect(run.enableRefused).toBeNull();
    expect(run.enabled).toEqual(run.before);
    expect(run.missing).toEqual({ type: 'JenkinsException', message: 'node[i-0000000000000dead] does not exist' });
  });

  it('judges a disconnected agent by `offline`: disable sends nothing, and enable toggles it into a person’s offline mark', async () => {
    const node = nodeScenario(fleet.sim).agentDisconnected!;
    const run = await toggle(JENKINS_DEMO_USER, JENKINS_DEMO_TOKEN, node, 'never sent');
    expect(run.before).toMatchObject({ offline: true, temporarilyOffline: false });
    expect(run.disabled).toEqual(run.before);
    // toggleOffline flips temporarilyOffline whatever the connection: "enabling" a broken agent marks it.
    expect(run.enabled).toMatchObject({ offline: true, temporarilyOffline: true, offlineCauseReason: '' });
  });

  it('is refused for a reader, who lacks Computer.Disconnect, and the agent stays online', async () => {
    const node = nodeScenario(fleet.sim).scheduledReboot!;
    const run = await toggle(JENKINS_READER.user, JENKINS_READER.token, node, 'not allowed');
    expect(run.disableRefused).toEqual({ type: 'JenkinsException', message: expect.stringContaining('fleet-viewer is missing the Agent/Disconnect permission') });
    expect(run.disabled).toEqual({ offline: false, temporarilyOffline: false, offlineCauseReason: '' });
  });
});
