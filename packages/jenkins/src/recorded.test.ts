import { describe, expect, it } from 'vitest';
import { hasParameter } from './actions.ts';
import { fixture, reply, replyJson, useStandInJenkins } from './test/stand-in-jenkins.ts';

/** Answers recorded from real controllers (src/fixtures/README.md says where each came from), replayed over HTTP. */
describe('the client reading answers recorded from real Jenkins controllers', () => {
  const standIn = useStandInJenkins();

  const client = () => standIn.client();

  it('reads a parameterized job: its parameters with types and defaults, last and next build', async () => {
    standIn.jenkins.on('GET', '/job/fish/api/json', replyJson(fixture('job-parameterized.json')));

    const job = await client().job('fish');

    expect(job).toMatchObject({ name: 'fish', url: 'http://localhost:32769/job/fish/', buildable: true, inQueue: true, lastBuildNumber: 7, nextBuildNumber: 8 });
    expect(job.parameters).toEqual([
      { name: 'bear', type: 'BooleanParameterDefinition', description: 'some bear', defaultValue: true, choices: [] },
      { name: 'fish', type: 'StringParameterDefinition', description: 'some fish', defaultValue: 'salmon', choices: [] },
    ]);
    expect(standIn.jenkins.requests[0]?.query.get('tree')).toContain('property[parameterDefinitions[');
  });

  it('lists the top-level items with their classes, folders among them', async () => {
    standIn.jenkins.on('GET', '/api/json', replyJson(fixture('jobs-root.json')));
    const jobs = await client().jobs();
    expect(jobs).toHaveLength(6);
    expect(jobs.find((j) => j.name === 'Test Folder')).toEqual({ name: 'Test Folder', className: 'com.cloudbees.hudson.plugins.folder.Folder', url: 'http://localhost:32769/job/fish-folder/' });
  });

  it('reads a finished build: result, times, queue id, parameters and the user who started it, past {} placeholders', async () => {
    standIn.jenkins.on('GET', '/job/fish/10/api/json', replyJson(fixture('build-parameters-user.json')));

    expect(await client().build('fish', 10)).toEqual({
      number: 10,
      url: 'http://localhost:32769/job/fish/10/',
      building: false,
      result: 'SUCCESS',
      startedAt: 1461091892486,
      durationMs: 60750,
      estimatedDurationMs: 60258,
      queueId: 73,
      parameters: [
        { name: 'bear', value: true },
        { name: 'fish', value: 'salmon' },
      ],
      causes: [{ kind: 'user', className: null, description: 'Started by user anonymous', userId: null, userName: 'anonymous', upstream: null }],
    });
  });

  it('reads an upstream cause with its project and build', async () => {
    standIn.jenkins.on('GET', '/job/Hello%20World/3/api/json', replyJson(fixture('build-upstream-cause.json')));
    const build = await client().build('Hello World', 3);
    expect(build.causes).toEqual([
      {
        kind: 'upstream',
        className: 'hudson.model.Cause$UpstreamCause',
        description: 'Started by upstream project "descriptive" build number 2',
        userId: null,
        userName: null,
        upstream: { project: 'descriptive', build: 2, url: 'job/descriptive/' },
      },
    ]);
    expect(build.queueId).toBe(92);
  });

  it('reads a waiting item: the quiet period’s end, Jenkins’s reason, the remote cause and typed parameters', async () => {
    standIn.jenkins.on('GET', '/queue/item/609/api/json', replyJson(fixture('queue-item-waiting.json')));
    const item = await client().queueItem(609);
    expect(item).toMatchObject({ state: 'waiting', id: 609, why: 'In the quiet period. Expires in 4.9 sec', quietPeriodEndsAt: 1547628262257, inQueueSince: 1547628257257, jobName: 'blockscanner' });
    if (item.state !== 'waiting') throw new Error('not waiting');
    expect(item.parameters[0]).toEqual({ name: 'is_deploy', value: true });
    expect(item.causes.map((c) => c.kind)).toEqual(['remote']);
  });

  it('reads a blocked item with its reason', async () => {
    standIn.jenkins.on('GET', '/queue/item/143/api/json', replyJson(fixture('queue-item-blocked.json')));
    expect(await client().queueItem(143)).toMatchObject({ state: 'blocked', stuck: false, why: 'Build #9 is already in progress (ETA:15 sec)', parameters: [{ name: 'a', value: '4' }] });
  });

  it('reads an item that left the queue for a build, with the build’s number and URL', async () => {
    standIn.jenkins.on('GET', '/queue/item/143/api/json', replyJson(fixture('queue-item-left-with-build.json')));
    expect(await client().queueItem(143)).toMatchObject({ state: 'left-with-build', build: { number: 14, url: 'http://localhost:8082/job/test/14/' } });
  });

  it('reads a cancelled item', async () => {
    standIn.jenkins.on('GET', '/queue/item/143/api/json', replyJson(fixture('queue-item-cancelled.json')));
    expect(await client().queueItem(143)).toMatchObject({ state: 'cancelled', id: 143 });
  });

  it('says an item Jenkins no longer knows (404) is gone', async () => {
    expect(await client().queueItem(143)).toEqual({ state: 'gone', id: 143 });
  });

  it('reads a buildable item waiting for an executor', async () => {
    standIn.jenkins.on('GET', '/queue/api/json', replyJson(fixture('queue-buildable-pending.json')));
    expect(await client().queue()).toMatchObject([{ state: 'buildable', id: 130, pending: true, stuck: false, why: 'Waiting for next available executor' }]);
  });

  it('lists the queue so a caller finds its own item by a parameter value', async () => {
    standIn.jenkins.on('GET', '/queue/api/json', replyJson(fixture('queue-two-buildable.json')));
    const items = await client().queue();
    expect(items.filter((i) => i.state !== 'gone' && hasParameter(i, 'fish', 'bear')).map((i) => i.id)).toEqual([6]);
    expect(items.filter((i) => i.state !== 'gone' && hasParameter(i, 'feet', 'false')).map((i) => i.id)).toEqual([7]);
  });

  it('reads the parameters from `params` when the item’s actions were not sent', async () => {
    const recorded = JSON.parse(fixture('queue-item-waiting.json')) as Record<string, unknown>;
    standIn.jenkins.on('GET', '/queue/item/609/api/json', replyJson({ ...recorded, actions: [] }));
    const item = await client().queueItem(609);
    expect(item.state === 'waiting' && item.parameters.map((p) => `${p.name}=${p.value}`)).toEqual([
      'is_deploy=true',
      'project_id=blockscanner',
      'local_registry=192.168.1.234:5000',
      'trigger_callback=http://192.168.1.234:10080/jenkins/callback',
      'trigger_token=abcdefg',
    ]);
  });

  it('reads the installed plugins with their versions', async () => {
    standIn.jenkins.on('GET', '/pluginManager/api/json', replyJson(fixture('plugins.json')));
    const plugins = await client().plugins();
    expect(plugins).toHaveLength(21);
    expect(plugins[0]).toEqual({ shortName: 'matrix-project', version: '1.7.1', active: true, enabled: true });
    expect(standIn.jenkins.requests[0]?.query.get('tree')).toBe('plugins[shortName,version,active,enabled]');
  });

  it('reads the EC2 Fleet plugin’s stats', async () => {
    standIn.jenkins.on('GET', '/ec2-fleet/stats', replyJson(fixture('ec2-fleet-stats.json')));
    expect(await client().ec2FleetStats()).toEqual([{ fleet: 'fleet-1', state: 'active', label: 'linux', numActive: 0, numDesired: 0 }]);
  });

  it('says the EC2 Fleet plugin is missing when /ec2-fleet/stats is not there', async () => {
    const failure = await client().ec2FleetStats().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'not-found', message: expect.stringContaining('install ec2-fleet plugin') });
  });

  it('reads one computer, temporarily offline with its reason', async () => {
    standIn.jenkins.on('GET', '/computer/i-0abc/api/json', replyJson(fixture('computer-temporarily-offline.json')));
    expect(await client().computer('i-0abc')).toMatchObject({ offline: true, temporarilyOffline: true, offlineCauseReason: 'away', numExecutors: 2, busyExecutors: 0 });
  });

  it('toggles a computer offline with its message, taking the redirect back as done', async () => {
    standIn.jenkins.on('POST', '/computer/i-0abc/toggleOffline', reply(302, '', { location: '.' }));
    await client().toggleOffline('i-0abc', 'disk cleanup by sre');
    expect(standIn.jenkins.requests[0]?.query.get('offlineMessage')).toBe('disk cleanup by sre');
  });

  it('reads who Jenkins takes the client for', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', replyJson(fixture('whoami.json')));
    expect(await client().whoAmI()).toEqual({ name: 'fleet-portal', authenticated: true, anonymous: false, authorities: ['authenticated'], version: '2.528.3' });
  });
});
