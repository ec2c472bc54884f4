import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BAKE_JOB, HOUSEKEEPING_JOB, JENKINS_DEMO_PASSWORD, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, JENKINS_VERSION, housekeepingHostName } from './index.ts';
import { pythonJenkinsAvailable, runPythonClient } from './python-jenkins-client.ts';
import { nodeScenario, useFrozenFleet } from './test-fixture.ts';

/*
 * An independent client: Debian's python3-jenkins 1.4.0 (run by /usr/bin/python3, not a pyenv
 * one) drives the simulated Jenkins through tools/sim/clients/python_jenkins_run.py, once with the
 * password (python-jenkins fetches a crumb and keeps the session cookie) and once with the API token.
 */
const available = pythonJenkinsAvailable('the simulated Jenkins');

const runSchema = z.object({
  user: z.string(),
  version: z.string(),
  jobs: z.array(z.string()),
  nextBuildNumber: z.number(),
  parameters: z.array(z.string()),
  queueId: z.number(),
  firstQueueClass: z.string(),
  firstWhy: z.string().nullable(),
  executable: z.object({ _class: z.string(), number: z.number(), url: z.string() }),
  wasRunning: z.boolean(),
  build: z.object({ number: z.number(), result: z.string().nullable(), building: z.boolean(), duration: z.number(), queueId: z.number(), url: z.string() }),
  console: z.string(),
});

const fleet = useFrozenFleet();

async function pythonJenkins(secret: string, job: string, params: Record<string, string>, stepMs: number) {
  const args = ['--url', fleet.sim.jenkinsUrl, '--user', JENKINS_DEMO_USER, '--secret', secret, '--control', fleet.sim.url, '--job', job, '--step-ms', String(stepMs), ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])];
  const stdout = await runPythonClient('python_jenkins_run.py', args, 240_000);
  return runSchema.parse(JSON.parse(stdout));
}

describe.skipIf(!available)('python-jenkins against the simulated Jenkins', () => {
  it('bakes a packer commit with the password: lists the jobs, queues with parameters, follows the queue item and the build, reads the console', async () => {
    const { commit } = await fleet.sim.world.commit({ touchesPacker: true, pipeline: 'jenkins', message: 'packer: add zstd' });
    const scm = fleet.sim.world.jenkins.queue.pending().find((item) => item.job.name === BAKE_JOB);
    fleet.sim.world.jenkins.cancel(scm?.id ?? 0);
    const run = await pythonJenkins(JENKINS_DEMO_PASSWORD, BAKE_JOB, { INFRA_COMMIT: commit.sha, PORTAL_ACTION_ID: 'python-1' }, 60_000);
    expect([run.user, run.version]).toEqual([JENKINS_DEMO_USER, JENKINS_VERSION]);
    expect(run.jobs).toEqual(expect.arrayContaining([BAKE_JOB, HOUSEKEEPING_JOB]));
    expect(run.parameters).toEqual(['INFRA_COMMIT', 'WORKER_TYPES', 'PORTAL_ACTION_ID']);
    expect([run.firstQueueClass, run.firstWhy]).toEqual(['hudson.model.Queue$WaitingItem', 'In the quiet period. Expires in 5 sec']);
    expect(run.executable).toEqual({ _class: 'hudson.model.FreeStyleBuild', number: run.nextBuildNumber, url: `${fleet.sim.jenkinsUrl}/job/${BAKE_JOB}/${run.nextBuildNumber}/` });
    expect(run.wasRunning).toBe(true);
    expect(run.build).toMatchObject({ number: run.nextBuildNumber, result: 'SUCCESS', building: false, queueId: run.queueId });
    expect(run.build.duration).toBeGreaterThan(12 * 60_000);
    expect(run.console.startsWith(`Started by user ${JENKINS_DEMO_USER}\n`)).toBe(true);
    expect(run.console).toContain(`building ${fleet.sim.world.config.workerTypes.length} worker types at ${commit.sha}\n`);
    expect(run.console.endsWith('Finished: SUCCESS\n')).toBe(true);
    expect(fleet.sim.world.builds.at(-1)?.commit).toBe(commit.sha);
  }, 300_000);

  it('runs housekeeping on one host with the API token', async () => {
    const host = housekeepingHostName(fleet.sim.world.fleet.instances.require(nodeScenario(fleet.sim).scheduledReboot ?? ''));
    const run = await pythonJenkins(JENKINS_DEMO_TOKEN, HOUSEKEEPING_JOB, { LIMIT: host, PORTAL_ACTION_ID: 'python-2' }, 15_000);
    expect(run.build.result).toBe('SUCCESS');
    expect(run.console).toContain(`--limit ${host}\n`);
    expect(run.console).toMatch(new RegExp(`\\n${host.replaceAll('.', '\\.')} +: ok=6 +changed=\\d+ +unreachable=0 +failed=0 `));
  }, 300_000);
});
