import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CURRENT_EC2_FLEET_VERSION, DEMO_JENKINS_CONTROLLERS, JENKINS_DEMO_PASSWORD, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER } from './index.ts';
import { pythonJenkinsAvailable, runPythonClient } from './python-jenkins-client.ts';
import { controllerUrl, useFrozenFleet } from './test-fixture.ts';

/*
 * Debian's python3-jenkins 1.4.0 (run by /usr/bin/python3) against the simulated Script Console
 * and plugin manager, through tools/sim/clients/python_jenkins_script.py.
 */
const available = pythonJenkinsAvailable('the simulated Script Console');

const answerSchema = z.object({
  output: z.string().nullable(),
  failure: z.string().nullable(),
  plugin: z.object({ shortName: z.string(), version: z.string(), active: z.boolean() }).nullable(),
});

const fleet = useFrozenFleet({ jenkinsControllers: DEMO_JENKINS_CONTROLLERS });

async function runScript(controller: string, secret: string, script: string) {
  const stdout = await runPythonClient('python_jenkins_script.py', ['--url', controllerUrl(fleet.sim, controller), '--user', JENKINS_DEMO_USER, '--secret', secret, '--script', script], 60_000);
  return answerSchema.parse(JSON.parse(stdout));
}

describe.skipIf(!available)('python-jenkins against the simulated Script Console', () => {
  it('runs a println with the API token and reads the installed ec2-fleet plugin', async () => {
    const answer = await runScript('ci-int', JENKINS_DEMO_TOKEN, "println 'hello from the Script Console'");
    expect(answer).toEqual({ output: 'hello from the Script Console', failure: null, plugin: { shortName: 'ec2-fleet', version: CURRENT_EC2_FLEET_VERSION, active: true } });
  });

  it('runs a println with the password and a crumb on ci-ext, which has ec2-fleet 2.7.1', async () => {
    const answer = await runScript('ci-ext', JENKINS_DEMO_PASSWORD, 'println("two")\nprintln("lines")');
    expect(answer).toEqual({ output: 'two\nlines', failure: null, plugin: { shortName: 'ec2-fleet', version: '2.7.1', active: true } });
  });

  it('gives the stack trace of a script the console cannot run as its failure', async () => {
    const answer = await runScript('ci-int', JENKINS_DEMO_TOKEN, 'Jenkins.instance.doSafeRestart()');
    expect(answer.output).toBeNull();
    expect(answer.failure).toMatch(/^java\.lang\.UnsupportedOperationException: .*\n\tat Script1\.run\(Script1\.groovy:1\)\n/);
  });
});
