import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJenkinsClient } from './client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in controller on the loopback whose answer each test sets. */
describe('the Jenkins client against a stand-in controller over HTTP', () => {
  let server: Server;
  let url: string;
  let handler: Handler = (_req, res) => res.end();
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Handler => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-jenkins': '2.462.3', ...headers });
    res.end(JSON.stringify(body));
  };
  const client = (timeoutMs = 5_000) => createJenkinsClient({ url, user: 'fleet-portal', token: 'tok', timeoutMs });
  const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

  it('reads the computers with the real field names, counting busy executors, and sends the API token', async () => {
    handler = json({
      _class: 'hudson.model.ComputerSet',
      busyExecutors: 1,
      totalExecutors: 4,
      computer: [
        { _class: 'hudson.model.Hudson$MasterComputer', displayName: 'Built-In Node', offline: false, temporarilyOffline: false, offlineCauseReason: '', offlineCause: null, idle: true, numExecutors: 0, executors: [] },
        {
          _class: 'com.amazon.jenkins.ec2fleet.FleetNodeComputer',
          displayName: 'i-0abc',
          offline: false,
          temporarilyOffline: false,
          offlineCauseReason: '',
          offlineCause: null,
          idle: false,
          numExecutors: 2,
          executors: [{ idle: false }, { idle: true }],
        },
        {
          _class: 'com.amazon.jenkins.ec2fleet.FleetNodeComputer',
          displayName: 'i-0def',
          offline: true,
          temporarilyOffline: true,
          offlineCauseReason: 'disk cleanup by sre',
          offlineCause: { _class: 'hudson.slaves.OfflineCause$UserCause' },
          idle: true,
          numExecutors: 2,
          executors: [{ idle: true }, { idle: true }],
        },
      ],
    });
    const { computers, version } = await client().computers();
    expect(version).toBe('2.462.3');
    expect(computers.map((c) => [c.name, c.offline, c.temporarilyOffline, c.offlineCauseReason, c.busyExecutors])).toEqual([
      ['Built-In Node', false, false, '', 0],
      ['i-0abc', false, false, '', 1],
      ['i-0def', true, true, 'disk cleanup by sre', 0],
    ]);
    const last = seen.at(-1)!;
    expect(last.url).toMatch(/^\/computer\/api\/json\?tree=/);
    expect(last.headers.authorization).toBe(`Basic ${btoa('fleet-portal:tok')}`);
  });

  it('names the user Jenkins saw and the permission it wanted when it refuses', async () => {
    handler = json({}, 403, { 'x-you-are-authenticated-as': 'anonymous', 'x-required-permission': 'hudson.model.Hudson.Read' });
    expect(await failureOf(client().computers())).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('authenticated as anonymous, needs hudson.model.Hudson.Read'),
    });
  });

  it('says a redirect to the login page means credentials are missing', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: '/login?from=%2Fcomputer%2Fapi%2Fjson' });
      res.end();
    };
    expect(await failureOf(client().computers())).toMatchObject({ code: 'auth', message: expect.stringContaining('/login') });
  });

  it('refuses an answer in another shape, saying which field', async () => {
    handler = json({ computers: [] });
    expect(await failureOf(client().computers())).toMatchObject({ code: 'bad-response', message: expect.stringContaining('computer') });
  });

  it('refuses one computer it cannot read, saying which and why, and reads the others', async () => {
    const good = { displayName: 'i-0def', offline: false, numExecutors: 2 };
    handler = json({ computer: [{ displayName: 'i-0abc', offline: 'no', numExecutors: 1 }, good, { displayName: 'i-0fed', offline: false, numExecutors: -4 }, { offline: true }] });
    const { computers, unreadable } = await client().computers();
    expect(computers.map((c) => c.name)).toEqual(['i-0def']);
    expect(unreadable).toEqual([
      { name: 'i-0abc', problem: expect.stringContaining('computer.0.offline') },
      { name: 'i-0fed', problem: expect.stringContaining('computer.2.numExecutors') },
      { name: null, problem: expect.stringContaining('computer.3.displayName') },
    ]);
  });

  it('refuses an answer that is not JSON', async () => {
    handler = (_req, res) => res.end('<html>Jenkins is starting</html>');
    expect(await failureOf(client().computers())).toMatchObject({ code: 'bad-response' });
  });

  it('says a 5xx is the server’s', async () => {
    handler = json({}, 503);
    expect(await failureOf(client().computers())).toMatchObject({ code: 'server', status: 503 });
  });

  it('gives up after its timeout', async () => {
    handler = () => undefined;
    expect(await failureOf(client(200).computers())).toMatchObject({ code: 'timeout', message: expect.stringContaining('did not answer within') });
  });

  it('says when nothing listens', async () => {
    const closed = createJenkinsClient({ url: 'http://127.0.0.1:9/' });
    expect(await failureOf(closed.computers())).toMatchObject({ code: 'unreachable', message: expect.stringContaining('cannot be reached') });
  });
});
