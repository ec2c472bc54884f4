import { describe, expect, it } from 'vitest';
import { createJenkinsClient } from './client.ts';
import { failureOf, fixture, reply, replyJson, useStandInJenkins } from './test/stand-in-jenkins.ts';


describe('the transport: credentials, crumbs and answers that are not a 2xx', () => {
  const standIn = useStandInJenkins();
  const withPassword = () => createJenkinsClient({ url: standIn.jenkins.url, user: 'sre', password: 'hunter2' });

  /** DefaultCrumbIssuer's answer and the session it ties the crumb to. */
  function issueCrumbs(): { issued: () => number } {
    let issued = 0;
    standIn.jenkins.on('GET', '/crumbIssuer/api/json', (request, response) => {
      issued += 1;
      response.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'set-cookie': `JSESSIONID.7d9e6f1a=node0session${issued}.node0; Path=/; HttpOnly` });
      response.end(fixture('crumb-issuer.json').replace(/"crumb":"[^"]+"/, `"crumb":"crumb-${issued}"`));
    });
    return { issued: () => issued };
  }

  const queued = reply(201, '', { location: 'http://stand-in/queue/item/7/' });

  it('with a password, fetches a crumb and sends it with its session cookie on a POST', async () => {
    issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', queued);
    const client = withPassword();

    await client.buildWithParameters('bake', { COMMIT: 'abc' });

    const [crumbRequest, post] = standIn.jenkins.requests;
    expect(crumbRequest?.path).toBe('/crumbIssuer/api/json');
    expect(crumbRequest?.headers.authorization).toBe(`Basic ${btoa('sre:hunter2')}`);
    expect(post?.headers['jenkins-crumb']).toBe('crumb-1');
    expect(post?.headers.cookie).toBe('JSESSIONID.7d9e6f1a=node0session1.node0');
  });

  it('reuses the session’s crumb for the next POST', async () => {
    const crumbs = issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', queued);
    const client = withPassword();

    await client.buildWithParameters('bake', { COMMIT: 'a' });
    await client.buildWithParameters('bake', { COMMIT: 'b' });

    expect(crumbs.issued()).toBe(1);
  });

  it('anonymously, still fetches a crumb for a POST and sends no Authorization', async () => {
    issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', queued);
    await createJenkinsClient({ url: standIn.jenkins.url }).buildWithParameters('bake', {});
    const post = standIn.jenkins.requests.at(-1);
    expect(post?.headers['jenkins-crumb']).toBe('crumb-1');
    expect(post?.headers.authorization).toBeUndefined();
  });

  it('when the crumb is rejected, fetches a new one once and sends the POST once more with it', async () => {
    const crumbs = issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', (request, response) => {
      if (request.headers['jenkins-crumb'] === 'crumb-1') return reply(403, fixture('crumb-rejected.html'), { 'content-type': 'text/html;charset=utf-8' })(request, response);
      queued(request, response);
    });
    const client = withPassword();

    expect(await client.buildWithParameters('bake', { COMMIT: 'abc' })).toEqual({ queueId: 7, duplicate: false });

    const posts = standIn.jenkins.requests.filter((r) => r.method === 'POST');
    expect(crumbs.issued()).toBe(2);
    expect(posts.map((p) => [p.headers['jenkins-crumb'], p.headers.cookie])).toEqual([
      ['crumb-1', 'JSESSIONID.7d9e6f1a=node0session1.node0'],
      ['crumb-2', 'JSESSIONID.7d9e6f1a=node0session2.node0'],
    ]);
  });

  it('gives up after the fresh crumb is rejected too, without a third POST', async () => {
    const crumbs = issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', reply(403, fixture('crumb-rejected.html'), { 'content-type': 'text/html;charset=utf-8' }));
    const client = withPassword();

    expect(await failureOf(client.buildWithParameters('bake', {}))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('rejected the crumb') });
    expect(crumbs.issued()).toBe(2);
    expect(standIn.jenkins.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('does not resend a POST refused with a 403 that is not about the crumb', async () => {
    issueCrumbs();
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', reply(403, 'nope', { 'x-you-are-authenticated-as': 'sre', 'x-required-permission': 'hudson.model.Item.Build' }));
    const failure = await failureOf(withPassword().buildWithParameters('bake', {}));
    expect(failure).toMatchObject({ code: 'forbidden', message: expect.stringContaining('authenticated as sre, needs hudson.model.Item.Build') });
    expect(standIn.jenkins.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('with an API token, sends no crumb and asks for none', async () => {
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', queued);
    await createJenkinsClient({ url: standIn.jenkins.url, user: 'sre', token: 'tok' }).buildWithParameters('bake', {});
    expect(standIn.jenkins.requests.map((r) => r.path)).toEqual(['/job/bake/buildWithParameters']);
    expect(standIn.jenkins.requests[0]?.headers['jenkins-crumb']).toBeUndefined();
    expect(standIn.jenkins.requests[0]?.headers.authorization).toBe(`Basic ${btoa('sre:tok')}`);
  });

  it('posts without a crumb when the controller has no crumb issuer', async () => {
    standIn.jenkins.on('POST', '/job/bake/buildWithParameters', queued);
    await createJenkinsClient({ url: standIn.jenkins.url, user: 'sre', password: 'pw' }).buildWithParameters('bake', {});
    expect(standIn.jenkins.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /crumbIssuer/api/json', 'POST /job/bake/buildWithParameters']);
    expect(standIn.jenkins.requests[1]?.headers['jenkins-crumb']).toBeUndefined();
  });

  it('says a redirect to another page of the same controller is a wrong URL, not a login', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', reply(302, '', { location: `${standIn.jenkins.url}/jenkins/whoAmI/api/json` }));
    expect(await failureOf(createJenkinsClient({ url: standIn.jenkins.url }).whoAmI())).toMatchObject({ code: 'bad-response', message: expect.stringContaining('check the Jenkins URL') });
  });

  it('says a redirect to a single sign-on host means credentials are missing', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', reply(302, '', { location: 'https://sso.example.com/auth?rd=jenkins' }));
    expect(await failureOf(createJenkinsClient({ url: standIn.jenkins.url }).whoAmI())).toMatchObject({ code: 'auth', status: 302 });
  });

  it('says a 401 is the credentials', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', reply(401, ''));
    expect(await failureOf(createJenkinsClient({ url: standIn.jenkins.url, user: 'sre', token: 'old' }).whoAmI())).toMatchObject({ code: 'auth', status: 401 });
  });

  it('gives up on a body that stops arriving, though its headers came', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"name":');
    });
    expect(await failureOf(createJenkinsClient({ url: standIn.jenkins.url, timeoutMs: 200 }).whoAmI())).toMatchObject({ code: 'timeout' });
  });

  it('reads the controller’s version from X-Jenkins', async () => {
    standIn.jenkins.on('GET', '/whoAmI/api/json', replyJson(fixture('whoami.json')));
    expect(await createJenkinsClient({ url: standIn.jenkins.url }).version()).toBe('2.528.3');
  });
});
