import { describe, expect, it } from 'vitest';
import { failureOf, fixture, reply, replyJson, useStandInJenkins } from './test/stand-in-jenkins.ts';


describe('build history, lookup by parameter, and stopping a build', () => {
  const standIn = useStandInJenkins();

  const client = () => standIn.client();
  /** Two recorded builds as Jenkins lists them under a job's `builds`. */
  const history = () => replyJson({ _class: 'hudson.model.FreeStyleProject', builds: [JSON.parse(fixture('build-upstream-cause.json')), JSON.parse(fixture('build-parameters-user.json'))] });

  it('asks Jenkins for only the newest N builds with tree=builds[…]{0,N}', async () => {
    standIn.jenkins.on('GET', '/job/fish/api/json', history());
    const builds = await client().builds('fish', { limit: 2 });
    expect(builds.map((b) => b.number)).toEqual([3, 10]);
    expect(standIn.jenkins.requests[0]?.query.get('tree')).toMatch(/^builds\[number,url,building,result,.*\]\{0,2\}$/);
  });

  it('asks for allBuilds when the whole history is wanted', async () => {
    standIn.jenkins.on('GET', '/job/fish/api/json', replyJson({ allBuilds: [JSON.parse(fixture('build-parameters-user.json'))] }));
    expect((await client().builds('fish', { all: true, limit: 500 })).map((b) => b.number)).toEqual([10]);
    expect(standIn.jenkins.requests[0]?.query.get('tree')).toMatch(/^allBuilds\[.*\]\{0,500\}$/);
  });

  it('finds the build that was given a parameter value', async () => {
    standIn.jenkins.on('GET', '/job/fish/api/json', history());
    expect((await client().findBuildByParameter('fish', 'fish', 'salmon'))?.number).toBe(10);
    expect((await client().findBuildByParameter('fish', 'bear', 'true'))?.number).toBe(10);
    expect(await client().findBuildByParameter('fish', 'fish', 'trout')).toBeNull();
  });

  it('polls a running build with a narrower tree, what it leaves out coming back empty', async () => {
    standIn.jenkins.on('GET', '/job/fish/11/api/json', replyJson({ _class: 'hudson.model.FreeStyleBuild', number: 11, building: true, result: null }));
    const build = await client().build('fish', 11, { tree: 'number,building,result' });
    expect(build).toMatchObject({ number: 11, building: true, result: null, parameters: [], causes: [], durationMs: null });
    expect(standIn.jenkins.requests[0]?.query.get('tree')).toBe('number,building,result');
  });

  it('refuses a result Jenkins does not have', async () => {
    standIn.jenkins.on('GET', '/job/fish/11/api/json', replyJson({ number: 11, building: false, result: 'PARTIAL' }));
    expect(await failureOf(client().build('fish', 11))).toMatchObject({ code: 'bad-response', message: expect.stringContaining('result') });
  });

  it('refuses a ParametersAction whose parameters have no name, saying where', async () => {
    standIn.jenkins.on('GET', '/job/fish/11/api/json', replyJson({ number: 11, building: false, result: 'SUCCESS', actions: [{}, { _class: 'hudson.model.ParametersAction', parameters: [{ value: 'x' }] }] }));
    expect(await failureOf(client().build('fish', 11))).toMatchObject({ code: 'bad-response', message: expect.stringContaining('actions.1.parameters.0.name') });
  });

  it('passes over a plugin’s action that happens to have a `parameters` field', async () => {
    standIn.jenkins.on('GET', '/job/fish/11/api/json', replyJson({ number: 11, building: false, result: 'SUCCESS', actions: [{ _class: 'org.example.ReportAction', parameters: 'weird' }] }));
    expect((await client().build('fish', 11)).parameters).toEqual([]);
  });

  it('stops a build with a POST, Jenkins’s redirect back to the build being success', async () => {
    standIn.jenkins.on('POST', '/job/fish/11/stop', reply(302, '', { location: `${standIn.jenkins.url}/job/fish/11/` }));
    await client().stopBuild('fish', 11);
    expect(standIn.jenkins.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /job/fish/11/stop']);
  });

  it('says stopping a build of a job that does not exist is not found', async () => {
    expect(await failureOf(client().stopBuild('nope', 1))).toMatchObject({ code: 'not-found' });
  });
});
