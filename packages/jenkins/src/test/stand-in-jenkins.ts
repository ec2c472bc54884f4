import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createJenkinsClient, type JenkinsClient, type JenkinsClientOptions } from '../client.ts';

/** A request as the stand-in saw it, body included. */
export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void;

/**
 * A stand-in controller on the loopback: each test says how it answers which method and path, and
 * reads back every request it received. Anything not routed is a 404, as Jenkins answers.
 */
export interface StandInJenkins {
  readonly url: string;
  readonly requests: SeenRequest[];
  on(method: string, path: string | RegExp, handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startStandInJenkins(): Promise<StandInJenkins> {
  const routes: Array<{ method: string; path: string | RegExp; handler: Handler }> = [];
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      // The newest route for a path wins, so a test can override what another set up.
      const route = [...routes].reverse().find((r) => r.method === seen.method && (typeof r.path === 'string' ? r.path === seen.path : r.path.test(seen.path)));
      if (route) return route.handler(seen, res);
      res.writeHead(404, { 'content-type': 'text/html;charset=utf-8' });
      res.end('<html><head><title>Error 404 Not Found</title></head></html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    on: (method, path, handler) => routes.push({ method, path, handler }),
    reset: () => {
      routes.length = 0;
      requests.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers with a body as Jenkins would: X-Jenkins on everything. */
export function reply(status: number, body: string, headers: Record<string, string | string[]> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'x-jenkins': '2.528.3', ...headers });
    response.end(body);
  };
}

export function replyJson(body: unknown, status = 200, headers: Record<string, string | string[]> = {}): Handler {
  return reply(status, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json;charset=utf-8', ...headers });
}

/** A recorded or constructed answer kept in src/fixtures (see its README for where each came from). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/**
 * One stand-in for a describe block: started before its tests, emptied of routes and requests before
 * each, closed after. `client` talks to it with an API token unless told otherwise.
 */
export function useStandInJenkins(): { readonly jenkins: StandInJenkins; client(options?: Partial<JenkinsClientOptions>): JenkinsClient } {
  let started: StandInJenkins | undefined;
  beforeAll(async () => {
    started = await startStandInJenkins();
  });
  afterAll(() => started?.close());
  beforeEach(() => started?.reset());
  const current = () => {
    if (!started) throw new Error('the stand-in starts in beforeAll');
    return started;
  };
  return {
    get jenkins() {
      return current();
    },
    client: (options = {}) => createJenkinsClient({ url: current().url, user: 'fleet-portal', token: 'tok', ...options }),
  };
}

/** What a promise failed with, or null: for expecting a failure's code and message. */
export const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (e: unknown) => e);
