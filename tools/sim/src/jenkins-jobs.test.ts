import { describe, expect, it } from 'vitest';
import { BAKE_JOB, CA_CERTS_JOB, HOUSEKEEPING_JOB, JENKINS_DEMO_USER, JENKINS_READER, WORKLOAD_JOBS } from './index.ts';
import { basicAuth, jenkinsClient, queueIdOf, runToEnd, type BuildJson, type QueueItemJson } from './jenkins-test-client.ts';
import { useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();
const client = () => jenkinsClient(fleet.sim);
const advance = (ms: number) => fleet.sim.world.advance(ms);
const head = () => fleet.sim.world.head().sha;

interface JobJson {
  _class: string;
  name: string;
  url: string;
  color: string;
  buildable: boolean;
  inQueue: boolean;
  nextBuildNumber: number;
  lastBuild: { number: number; url: string } | null;
  firstBuild: { number: number } | null;
  builds: { _class: string; number: number; url: string }[];
  property: { _class: string; parameterDefinitions?: { _class: string; name: string; type: string; description: string; defaultParameterValue: { value: string } }[] }[];
}

const trigger = (job: string, query: string) => client().post(`/job/${job}/buildWithParameters?${query}`);

describe('jobs', () => {
  it('lists the bake, housekeeping and CI jobs at /api/json, each with its class, url and colour', async () => {
    const root = await client().json<{ jobs: { _class: string; name: string; url: string; color: string }[] }>('/api/json');
    const names = root.jobs.map((job) => job.name);
    expect(names).toEqual(expect.arrayContaining([BAKE_JOB, HOUSEKEEPING_JOB, CA_CERTS_JOB, ...Object.keys(WORKLOAD_JOBS)]));
    const bake = root.jobs.find((job) => job.name === BAKE_JOB);
    expect(bake).toEqual({ _class: 'hudson.model.FreeStyleProject', name: BAKE_JOB, url: `${fleet.sim.jenkinsUrl}/job/${BAKE_JOB}/`, color: 'blue' });
    expect(root.jobs.find((job) => job.name === HOUSEKEEPING_JOB)?.color).toBe('red');
  });

  it('describes the bake job with its parameters, newest builds first and the next number', async () => {
    const job = await client().json<JobJson>(`/job/${BAKE_JOB}/api/json`);
    expect(job).toMatchObject({ _class: 'hudson.model.FreeStyleProject', name: BAKE_JOB, buildable: true, inQueue: false });
    const definitions = job.property.find((property) => property._class === 'hudson.model.ParametersDefinitionProperty')?.parameterDefinitions ?? [];
    expect(definitions.map((definition) => [definition.name, definition.defaultParameterValue.value])).toEqual([
      ['INFRA_COMMIT', ''],
      ['WORKER_TYPES', fleet.sim.world.config.workerTypes.map((type) => type.key).join(',')],
      ['PORTAL_ACTION_ID', ''],
    ]);
    expect(definitions.every((definition) => definition._class === 'hudson.model.StringParameterDefinition' && definition.type === 'StringParameterDefinition')).toBe(true);
    expect(job.lastBuild?.number).toBe(job.nextBuildNumber - 1);
    expect(job.builds.map((build) => build.number)).toEqual([...job.builds.map((build) => build.number)].sort((a, b) => b - a));
  });

  it('keeps only what ?tree= names, answers HEAD for a job that exists and 404 with HTML for one that does not', async () => {
    const pruned = await client().json<Record<string, unknown>>(`/job/${BAKE_JOB}/api/json?tree=name,lastBuild[number]`);
    expect(Object.keys(pruned).sort()).toEqual(['_class', 'lastBuild', 'name']);
    expect((await client().request(`/job/${BAKE_JOB}/api/json`, { method: 'HEAD' })).status).toBe(200);
    const missing = await client().request('/job/no-such-job/api/json');
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/html;charset=utf-8']);
  });

  it('has forgotten builds beyond the newest 25: their pages answer 404', async () => {
    const job = await client().json<JobJson>(`/job/${BAKE_JOB}/api/json`);
    expect(job.builds.length).toBeLessThanOrEqual(25);
    const oldest = job.firstBuild?.number ?? 0;
    expect(oldest).toBeGreaterThan(1);
    for (const path of [`/job/${BAKE_JOB}/1/api/json`, `/job/${BAKE_JOB}/1/consoleText`, `/job/${BAKE_JOB}/1/logText/progressiveText`]) {
      expect((await client().request(path)).status).toBe(404);
    }
    expect((await client().request(`/job/${BAKE_JOB}/${oldest}/api/json`)).status).toBe(200);
  });
});

describe('triggering a build', () => {
  it('queues it (201 with the item), waits out the quiet period, runs it with a console that grows, and finishes SUCCESS', async () => {
    const answer = await trigger(BAKE_JOB, `INFRA_COMMIT=${head()}&PORTAL_ACTION_ID=run-1&NOT_A_PARAMETER=x`);
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe('');
    const id = queueIdOf(answer);
    expect(answer.headers.get('location')).toBe(`${fleet.sim.jenkinsUrl}/queue/item/${id}/`);

    const waiting = await client().queueItem(id);
    expect(waiting).toMatchObject({ _class: 'hudson.model.Queue$WaitingItem', why: 'In the quiet period. Expires in 5 sec', url: `queue/item/${id}/`, task: { name: BAKE_JOB } });
    const types = fleet.sim.world.config.workerTypes.map((type) => type.key).join(',');
    expect(waiting.params).toBe(`\nINFRA_COMMIT=${head()}\nWORKER_TYPES=${types}\nPORTAL_ACTION_ID=run-1`);
    expect(waiting.actions[1]).toEqual({ _class: 'hudson.model.CauseAction', causes: [{ _class: 'hudson.model.Cause$UserIdCause', shortDescription: `Started by user ${JENKINS_DEMO_USER}`, userId: JENKINS_DEMO_USER, userName: JENKINS_DEMO_USER }] });

    advance(5_000);
    const left = await client().queueItem(id);
    expect(left).toMatchObject({ _class: 'hudson.model.Queue$LeftItem', cancelled: false, why: null });
    const number = left.executable?.number ?? 0;
    expect(left.executable).toEqual({ _class: 'hudson.model.FreeStyleBuild', number, url: `${fleet.sim.jenkinsUrl}/job/${BAKE_JOB}/${number}/` });

    const running = await client().build(BAKE_JOB, number);
    expect(running).toMatchObject({ building: true, result: null, duration: 0, queueId: id, displayName: `#${number}`, fullDisplayName: `${BAKE_JOB} #${number}` });
    expect(running.estimatedDuration).toBeGreaterThan(0);
    expect(running.actions[0]).toMatchObject({ _class: 'hudson.model.ParametersAction', parameters: expect.arrayContaining([{ _class: 'hudson.model.StringParameterValue', name: 'PORTAL_ACTION_ID', value: 'run-1' }]) });

    const first = await client().request(`/job/${BAKE_JOB}/${number}/logText/progressiveText?start=0`);
    const firstText = await first.text();
    expect(first.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect(first.headers.get('x-more-data')).toBe('true');
    expect(firstText.startsWith(`Started by user ${JENKINS_DEMO_USER}\nRunning as SYSTEM\nBuilding remotely on i-`)).toBe(true);
    expect(firstText.endsWith('\n')).toBe(true);
    const size = Number(first.headers.get('x-text-size'));
    expect(size).toBe(Buffer.byteLength(firstText));

    advance(12_000);
    const next = await client().request(`/job/${BAKE_JOB}/${number}/logText/progressiveText?start=${size}`);
    const nextText = await next.text();
    expect(Number(next.headers.get('x-text-size'))).toBe(size + Buffer.byteLength(nextText));
    expect(nextText.length).toBeGreaterThan(0);

    await runToEnd(fleet.sim, id);
    const done = await client().request(`/job/${BAKE_JOB}/${number}/logText/progressiveText?start=0`);
    const whole = await done.text();
    expect(done.headers.get('x-more-data')).toBeNull();
    expect(whole.startsWith(firstText + nextText)).toBe(true);
    expect(whole.endsWith('Finished: SUCCESS\n')).toBe(true);
    expect(await client().console(BAKE_JOB, number)).toBe(whole);
    const finished = await client().build(BAKE_JOB, number);
    expect(finished).toMatchObject({ building: false, result: 'SUCCESS' });
    expect(finished.duration).toBeGreaterThan(0);
    expect((await client().json<BuildJson>(`/job/${BAKE_JOB}/lastBuild/api/json`)).number).toBe(number);
  });

  it('restarts the console from the beginning when asked past its end', async () => {
    const number = (await client().json<JobJson>(`/job/${BAKE_JOB}/api/json`)).lastBuild?.number ?? 0;
    const whole = await client().console(BAKE_JOB, number);
    const answer = await client().request(`/job/${BAKE_JOB}/${number}/logText/progressiveText?start=${Buffer.byteLength(whole) + 100}`, { method: 'POST' });
    expect(await answer.text()).toBe(whole);
  });

  it('answers an identical request still in the queue with 303 and the same item, and cancels it', async () => {
    const first = await trigger(CA_CERTS_JOB, 'LIMIT=worker_rhel8_gpu&PORTAL_ACTION_ID=dup');
    const again = await trigger(CA_CERTS_JOB, 'LIMIT=worker_rhel8_gpu&PORTAL_ACTION_ID=dup');
    expect([first.status, again.status]).toEqual([201, 303]);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const other = await trigger(CA_CERTS_JOB, 'LIMIT=worker_rhel8_gpu&PORTAL_ACTION_ID=other');
    expect(queueIdOf(other)).toBeGreaterThan(queueIdOf(first));
    for (const answer of [first, other]) {
      expect((await client().post(`/queue/cancelItem?id=${queueIdOf(answer)}`)).status).toBe(204);
      expect(await client().queueItem(queueIdOf(answer))).toMatchObject({ _class: 'hudson.model.Queue$LeftItem', cancelled: true, executable: null });
    }
  });

  it('refuses a disabled job with 409 and a job without parameters with 400', async () => {
    fleet.sim.world.jenkins.disable(CA_CERTS_JOB);
    try {
      expect((await trigger(CA_CERTS_JOB, 'LIMIT=all')).status).toBe(409);
      expect((await client().json<JobJson>(`/job/${CA_CERTS_JOB}/api/json`)).color).toBe('disabled');
    } finally {
      fleet.sim.world.jenkins.enable(CA_CERTS_JOB);
    }
    const plain = Object.keys(WORKLOAD_JOBS)[0] ?? '';
    const refused = await client().post(`/job/${plain}/buildWithParameters`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`${plain} is not parameterized`);
    expect((await client().post(`/job/${plain}/build?delay=0sec`)).status).toBe(201);
  });

  it('wants the form of a parameterized job on /build, and then queues it', async () => {
    expect((await client().post(`/job/${CA_CERTS_JOB}/build`)).status).toBe(400);
    const json = JSON.stringify({ parameter: [{ name: 'LIMIT', value: 'worker_centos7_tester' }, { name: 'PORTAL_ACTION_ID', value: 'form' }] });
    const answer = await client().post(`/job/${CA_CERTS_JOB}/build`, new URLSearchParams({ json }).toString());
    expect(answer.status).toBe(201);
    const item = await client().queueItem(queueIdOf(answer));
    expect(item.params).toBe('\nLIMIT=worker_centos7_tester\nTAGS=\nPORTAL_ACTION_ID=form');
    await client().post(`/queue/cancelItem?id=${item.id}`);
  });

  it('needs Job/Build to trigger and Job/Cancel to cancel', async () => {
    const reader = basicAuth(JENKINS_READER.user, JENKINS_READER.token);
    const refused = await client().request(`/job/${CA_CERTS_JOB}/buildWithParameters`, { method: 'POST', auth: reader });
    expect([refused.status, refused.headers.get('x-required-permission')]).toEqual([403, 'hudson.model.Item.Build']);
    const queued = await trigger(CA_CERTS_JOB, 'PORTAL_ACTION_ID=reader');
    expect((await client().request(`/queue/cancelItem?id=${queueIdOf(queued)}`, { method: 'POST', auth: reader })).status).toBe(422);
    expect((await client().post('/queue/cancelItem?id=999999')).status).toBe(404);
    await client().post(`/queue/cancelItem?id=${queueIdOf(queued)}`);
  });
});

describe('the queue', () => {
  it('blocks a second build of a job while the first runs, saying which build and its ETA', async () => {
    const first = queueIdOf(await trigger(HOUSEKEEPING_JOB, 'TAGS=tmp&PORTAL_ACTION_ID=a'));
    const second = queueIdOf(await trigger(HOUSEKEEPING_JOB, 'TAGS=tmp&PORTAL_ACTION_ID=b'));
    advance(5_000);
    const running = (await client().queueItem(first)).executable?.number;
    const blocked = await client().queueItem(second);
    expect(blocked).toMatchObject({ _class: 'hudson.model.Queue$BlockedItem', blocked: true, buildable: false });
    expect(blocked.why).toMatch(new RegExp(`^Build #${running} is already in progress \\(ETA: (\\d+(\\.\\d+)? (sec|min|hr)( \\d+ (sec|min))?|N/A)\\)$`));
    expect((await client().json<{ items: QueueItemJson[] }>('/queue/api/json')).items.map((item) => item.id)).toEqual([second]);
    await runToEnd(fleet.sim, first);
    advance(5_000);
    expect((await client().queueItem(second)).executable?.number).toBe((running ?? 0) + 1);
    await runToEnd(fleet.sim, second);
  });

  it('keeps a build waiting for an executor while every agent is out of service', async () => {
    const { nodes } = fleet.sim.world;
    const online = nodes.agents().filter((agent) => agent.state.connection === 'online' && !agent.state.temporarilyOffline);
    for (const agent of online) nodes.toggleOffline(agent.name, 'tester', 'kernel update');
    const id = queueIdOf(await trigger(CA_CERTS_JOB, 'PORTAL_ACTION_ID=starved'));
    advance(6_000);
    expect(await client().queueItem(id)).toMatchObject({ _class: 'hudson.model.Queue$BuildableItem', buildable: true, why: 'Waiting for next available executor' });
    for (const agent of online) nodes.toggleOffline(agent.name, 'tester', '');
    advance(5_000);
    expect((await client().queueItem(id))._class).toBe('hudson.model.Queue$LeftItem');
    await runToEnd(fleet.sim, id);
  });

  it('forgets an item five minutes after it left, and never reuses its id', async () => {
    const id = queueIdOf(await trigger(CA_CERTS_JOB, 'PORTAL_ACTION_ID=forget'));
    await client().post(`/queue/cancelItem?id=${id}`);
    advance(4 * 60_000);
    expect((await client().request(`/queue/item/${id}/api/json`)).status).toBe(200);
    advance(61_000);
    expect((await client().request(`/queue/item/${id}/api/json`)).status).toBe(404);
    expect(queueIdOf(await trigger(CA_CERTS_JOB, 'PORTAL_ACTION_ID=after'))).toBeGreaterThan(id);
  });
});

describe('stopping a build', () => {
  it('aborts it: ABORTED, the log says who, and the answer sends the caller to the build', async () => {
    const id = queueIdOf(await trigger(HOUSEKEEPING_JOB, 'PORTAL_ACTION_ID=stop-me'));
    advance(5_000);
    const number = (await client().queueItem(id)).executable?.number ?? 0;
    advance(20_000);
    const answer = await client().post(`/job/${HOUSEKEEPING_JOB}/${number}/stop`);
    expect([answer.status, answer.headers.get('location')]).toEqual([302, `${fleet.sim.jenkinsUrl}/job/${HOUSEKEEPING_JOB}/${number}/`]);
    expect(await client().build(HOUSEKEEPING_JOB, number)).toMatchObject({ building: false, result: 'ABORTED' });
    const log = await client().console(HOUSEKEEPING_JOB, number);
    expect(log.endsWith(`Build was aborted\nAborted by ${JENKINS_DEMO_USER}\nFinished: ABORTED\n`)).toBe(true);
    expect(log).not.toContain('PLAY RECAP');
  });
});

describe('the controller', () => {
  it('answers / and /me/api/json to its user, with X-Jenkins on both', async () => {
    const root = await client().request('/');
    expect([root.status, root.headers.get('x-jenkins')]).toEqual([200, '2.462.3']);
    const anonymous = await client().request('/', { auth: null });
    expect([anonymous.status, anonymous.headers.get('x-jenkins')]).toEqual([403, '2.462.3']);
    expect(await client().json('/me/api/json')).toMatchObject({ _class: 'hudson.model.User', id: JENKINS_DEMO_USER });
  });

  it('lists builds on busy executors that its job API answers for, the running ones among them', async () => {
    const id = queueIdOf(await trigger(HOUSEKEEPING_JOB, 'PORTAL_ACTION_ID=executor'));
    advance(5_000);
    const own = (await client().queueItem(id)).executable?.url;
    const set = await client().json<{ computer: { executors: { currentExecutable: { url: string } | null; idle: boolean }[] }[] }>('/computer/api/json?depth=1');
    const urls = set.computer.flatMap((computer) => computer.executors.filter((executor) => !executor.idle).map((executor) => executor.currentExecutable?.url ?? ''));
    expect(urls).toContain(own);
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) {
      const build = (await (await client().request(`${new URL(url).pathname}api/json`)).json()) as BuildJson;
      expect(build.building).toBe(true);
    }
    await runToEnd(fleet.sim, id);
  });
});
