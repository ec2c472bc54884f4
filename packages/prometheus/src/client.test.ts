import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient } from './client.ts';
import { PrometheusFailure } from './failure.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** A stand-in Prometheus on the loopback whose answer each test sets, answering as 2.42 does. */
describe('the Prometheus client against a stand-in server over HTTP', () => {
  let server: Server;
  let url: string;
  let handler: Handler = (_req, res) => res.end();
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (body: unknown, status = 200): Handler => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const success = (data: unknown, warnings?: string[]) => json({ status: 'success', data, ...(warnings ? { warnings } : {}) });
  const client = (timeoutMs = 5_000) => createPrometheusClient({ url, timeoutMs });
  const failureOf = async (promise: Promise<unknown>): Promise<PrometheusFailure> => {
    const error = await promise.then(() => null, (e: unknown) => e);
    if (!(error instanceof PrometheusFailure)) throw new Error(`expected a PrometheusFailure, got ${String(error)}`);
    return error;
  };

  it('posts the query as a form and reads a vector with its labels, times and values', async () => {
    handler = success({ resultType: 'vector', result: [{ metric: { instance: 'i-0abc', job: 'node' }, value: [1741910400.123, '0.68'] }] });
    const answer = await client().query('node_load1{job="node"}', { time: new Date('2025-03-14T00:00:00.250Z') });
    expect(answer).toEqual({ resultType: 'vector', result: [{ metric: { instance: 'i-0abc', job: 'node' }, value: { time: 1741910400.123, value: 0.68 } }], warnings: [] });
    const request = seen.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v1/query');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({ query: 'node_load1{job="node"}', time: '1741910400.25' });
  });

  it('reads "NaN", "+Inf" and "-Inf" as the numbers they name, in vectors and scalars', async () => {
    handler = success({
      resultType: 'vector',
      result: [
        { metric: { m: 'a' }, value: [1, 'NaN'] },
        { metric: { m: 'b' }, value: [1, '+Inf'] },
        { metric: { m: 'c' }, value: [1, '-Inf'] },
        { metric: { m: 'd' }, value: [1, '1.0725883904e+10'] },
      ],
    });
    const vector = await client().query('x');
    expect(vector.resultType === 'vector' && vector.result.map((series) => series.value.value)).toEqual([Number.NaN, Infinity, -Infinity, 10_725_883_904]);
    handler = success({ resultType: 'scalar', result: [1741910400, 'NaN'] });
    const scalar = await client().query('0/0');
    expect(scalar.resultType === 'scalar' && scalar.result.value).toBeNaN();
  });

  it('reads string results as strings', async () => {
    handler = success({ resultType: 'string', result: [1741910400, 'NaN'] });
    expect(await client().query('"NaN"')).toMatchObject({ resultType: 'string', result: { time: 1741910400, value: 'NaN' } });
  });

  it('sends a range query’s start, end and step, and reads the matrix', async () => {
    handler = success({ resultType: 'matrix', result: [{ metric: { instance: 'i-0abc' }, values: [[1741910400, '1'], [1741910430, '0']] }] });
    const { result } = await client().queryRange('up', { start: new Date('2025-03-14T00:00:00Z'), end: new Date('2025-03-14T00:00:30Z'), step: 30 });
    expect(result).toEqual([{ metric: { instance: 'i-0abc' }, values: [{ time: 1741910400, value: 1 }, { time: 1741910430, value: 0 }] }]);
    const request = seen.at(-1);
    expect(request?.url).toBe('/api/v1/query_range');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({ query: 'up', start: '1741910400', end: '1741910430', step: '30' });
  });

  it('hands Prometheus’s warnings to the caller with the data', async () => {
    handler = success({ resultType: 'vector', result: [] }, ['remote read: partial data from store "s3"']);
    expect((await client().query('up')).warnings).toEqual(['remote read: partial data from store "s3"']);
  });

  it('names the query and what to check when Prometheus rejects the PromQL (bad_data)', async () => {
    handler = json({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' }, 400);
    const failure = await failureOf(client().query('sum(\n  up'));
    expect(failure.code).toBe('bad-query');
    expect(failure.status).toBe(400);
    expect(failure.message).toBe(
      `Prometheus at ${url.slice(0, -1)} rejected the query \`sum( up\`: invalid parameter "query": 1:5: parse error: unclosed left parenthesis; check the PromQL and its parameters`,
    );
  });

  it('tells a query Prometheus gave up on (errorType timeout) from one it never answered', async () => {
    handler = json({ status: 'error', errorType: 'timeout', error: 'query timed out in query execution' }, 503);
    const failure = await failureOf(client().query('count(up)'));
    expect(failure.code).toBe('query-timeout');
    expect(failure.message).toMatch(/gave up on the query `count\(up\)` \(query timed out in query execution\): narrow the query/);
  });

  it('calls any other error envelope a server failure, with its errorType', async () => {
    handler = json({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory' }, 422);
    const failure = await failureOf(client().query('up[30d]'));
    expect([failure.code, failure.status]).toEqual(['server', 422]);
    expect(failure.message).toMatch(/\(execution\): query processing would load too many samples/);
  });

  it('reads a proxy’s refusal or redirect to a login page as an auth failure', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html>Forbidden</html>');
    };
    expect((await failureOf(client().buildInfo())).code).toBe('auth');
    handler = (_req, res) => {
      res.writeHead(302, { location: '/oauth2/start' });
      res.end();
    };
    const redirected = await failureOf(client().targets());
    expect([redirected.code, redirected.message]).toEqual(['auth', `Prometheus at ${url.slice(0, -1)} redirected to /oauth2/start: check the credentials of the proxy in front of it`]);
  });

  it('calls a gateway’s HTML error page a server failure and a missing API a bad response that names the URL', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    };
    expect(await failureOf(client().query('up'))).toMatchObject({ code: 'server', status: 502 });
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
    };
    const missing = await failureOf(client().buildInfo());
    expect(missing.code).toBe('bad-response');
    expect(missing.message).toMatch(/has no \/api\/v1\/status\/buildinfo \(404\): check that the URL points at Prometheus/);
  });

  it('fails with bad-response on a 200 that is not JSON', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":{"resultType":"vec');
    };
    const failure = await failureOf(client().query('up'));
    expect([failure.code, failure.message]).toEqual(['bad-response', `Prometheus at ${url.slice(0, -1)} answered /api/v1/query for \`up\` with something that is not JSON: check that the URL points at Prometheus`]);
  });

  it('fails with bad-response, naming the field, when a sample is not [seconds, "value"]', async () => {
    handler = success({ resultType: 'vector', result: [{ metric: {}, value: [1, 'lots'] }] });
    const failure = await failureOf(client().query('up'));
    expect(failure.code).toBe('bad-response');
    expect(failure.message).toMatch(/in an unexpected shape: data\.result\.0\.value\.1 "lots" is not a sample value/);
    handler = json({ hello: 'world' });
    expect((await failureOf(client().query('up'))).message).toMatch(/without the API envelope/);
  });

  it('fails with timeout when Prometheus does not answer in time', async () => {
    handler = () => undefined;
    const failure = await failureOf(client(300).query('up'));
    expect([failure.code, failure.message]).toEqual(['timeout', `Prometheus at ${url.slice(0, -1)} did not answer within 300 ms: check the URL and that Prometheus is not overloaded`]);
  });

  it('fails with unreachable when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await failureOf(createPrometheusClient({ url: `http://127.0.0.1:${port}` }).query('up'));
    expect(failure.code).toBe('unreachable');
    expect(failure.message).toBe(`Prometheus at http://127.0.0.1:${port} cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}): check the URL and that Prometheus is running`);
  });

  it('reads the active targets, with no error and no last scrape until there is one', async () => {
    const target = { discoveredLabels: {}, scrapePool: 'node', scrapeUrl: 'http://127.0.0.1:9100/metrics', globalUrl: 'http://vm:9100/metrics', lastScrapeDuration: 0.002, scrapeInterval: '30s', scrapeTimeout: '10s' };
    handler = success({
      activeTargets: [
        { ...target, labels: { instance: 'i-0abc', job: 'node' }, health: 'down', lastError: 'Get "http://127.0.0.1:9100/metrics": EOF', lastScrape: '2025-03-14T00:00:01.5Z' },
        { ...target, labels: { instance: 'i-0def', job: 'node' }, health: 'unknown', lastError: '', lastScrape: '0001-01-01T00:00:00Z' },
      ],
      droppedTargets: [],
    });
    const { targets } = await client().targets();
    expect(targets.map((t) => [t.labels.instance, t.health, t.lastError, t.lastScrape])).toEqual([
      ['i-0abc', 'down', 'Get "http://127.0.0.1:9100/metrics": EOF', new Date('2025-03-14T00:00:01.500Z')],
      ['i-0def', 'unknown', null, null],
    ]);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/targets?state=active' });
  });

  it('reads the build info', async () => {
    handler = success({ version: '2.42.0+ds', revision: '2.42.0+ds-5+deb12u1', branch: 'debian/sid', buildUser: 'team', buildDate: '20260604-00:58:54', goVersion: 'go1.19.8' });
    expect(await client().buildInfo()).toMatchObject({ version: '2.42.0+ds', goVersion: 'go1.19.8', warnings: [] });
  });
});
