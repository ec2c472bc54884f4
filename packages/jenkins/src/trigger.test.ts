import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createJenkinsClient } from './client.ts';
import { failureOf, reply, useStandInJenkins } from './test/stand-in-jenkins.ts';


/** Jetty's page for HttpResponses.errorWithoutStack(code, message), as ParameterizedJobMixIn throws it. */
const errorPage = (status: number, message: string) =>
  reply(status, `<html>\n<head>\n<title>Error ${status} ${message}</title>\n</head>\n<body><h2>HTTP ERROR ${status} ${message}</h2></body>\n</html>`, { 'content-type': 'text/html;charset=iso-8859-1' });

describe('buildWithParameters', () => {
  const standIn = useStandInJenkins();

  const client = (timeoutMs = 5_000) => standIn.client({ timeoutMs });
  const posts = () => standIn.jenkins.requests.filter((r) => r.method === 'POST');

  it('returns the queue id from the Location of a 201, the parameters sent as a form', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(201, '', { location: `${standIn.jenkins.url}/queue/item/143/` }));

    expect(await client().buildWithParameters('bake-amis', { COMMIT: '0b65644', REQUEST_ID: 'portal-9f2c' })).toEqual({ queueId: 143, duplicate: false });

    const [post] = posts();
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(post?.body))).toEqual({ COMMIT: '0b65644', REQUEST_ID: 'portal-9f2c' });
  });

  it('reads a Location under a context path, or relative to the controller', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(201, '', { location: '/jenkins/queue/item/12/' }));
    expect(await client().buildWithParameters('bake-amis', {})).toEqual({ queueId: 12, duplicate: false });
  });

  it('names a job in folders /job/a/job/b, each name encoded', async () => {
    standIn.jenkins.on('POST', '/job/infra/job/bake%20amis%23nightly/buildWithParameters', reply(201, '', { location: `${standIn.jenkins.url}/queue/item/5/` }));
    expect(await client().buildWithParameters('infra/bake amis#nightly', {})).toEqual({ queueId: 5, duplicate: false });
  });

  it('flags a 303, Jenkins keeping the identical request already queued, with that item’s id', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(303, '', { location: `${standIn.jenkins.url}/queue/item/143/` }));
    expect(await client().buildWithParameters('bake-amis', { COMMIT: '0b65644' })).toEqual({ queueId: 143, duplicate: true });
  });

  it('says a 409 is a job that is not buildable', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', errorPage(409, 'bake-amis is not buildable'));
    expect(await failureOf(client().buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'refused', status: 409, message: expect.stringContaining('disabled') });
    expect(posts()).toHaveLength(1);
  });

  it('says a 400 is a job without parameters', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', errorPage(400, 'bake-amis is not parameterized'));
    expect(await failureOf(client().buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'refused', status: 400, message: expect.stringContaining('takes no parameters') });
  });

  it('says a job that does not exist is not found', async () => {
    expect(await failureOf(client().buildWithParameters('nope', {}))).toMatchObject({ code: 'not-found', message: expect.stringContaining('a build of job nope') });
  });

  it('says the queue declined when Jenkins sends the caller back to the job', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(302, '', { location: `${standIn.jenkins.url}/job/bake-amis/` }));
    expect(await failureOf(client().buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'refused', status: 302 });
  });

  it('calls a connection dropped after the request was sent an unknown outcome, and sends it only once', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', (_request, response) => response.socket?.destroy());

    const failure = await failureOf(client().buildWithParameters('bake-amis', { REQUEST_ID: 'portal-9f2c' }));

    expect(failure).toMatchObject({ code: 'outcome-unknown', message: expect.stringContaining('look before trying again') });
    expect(posts()).toHaveLength(1);
  });

  it('calls a POST with no answer in time an unknown outcome, and sends it only once', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', () => undefined);
    expect(await failureOf(client(300).buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'outcome-unknown', message: expect.stringContaining('no answer within 300 ms') });
    expect(posts()).toHaveLength(1);
  });

  it('calls a proxy’s 502 after a POST an unknown outcome', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(502, 'Bad Gateway'));
    expect(await failureOf(client().buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'outcome-unknown', status: 502 });
  });

  it('calls a 201 without a queue Location an unknown outcome: something was queued, the caller must find it', async () => {
    standIn.jenkins.on('POST', '/job/bake-amis/buildWithParameters', reply(201, ''));
    expect(await failureOf(client().buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'outcome-unknown', status: 201 });
  });

  it('calls a refused connection unreachable: the request never left', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = createJenkinsClient({ url: `http://127.0.0.1:${port}`, user: 'u', token: 't' });
    expect(await failureOf(closed.buildWithParameters('bake-amis', {}))).toMatchObject({ code: 'unreachable' });
  });
});
