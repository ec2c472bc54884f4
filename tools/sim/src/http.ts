import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface HttpRequest {
  raw: IncomingMessage;
  method: string;
  url: URL;
  body: Buffer;
}

/** One family of endpoints on the simulator's single port: the AWS query APIs, the simulator's controls, … */
export interface Route {
  matches(request: HttpRequest): boolean;
  handle(request: HttpRequest, response: ServerResponse): Promise<void>;
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/** Serves the routes in order, first match wins; refuses any address off the loopback. */
export async function listen(routes: readonly Route[], host: string, port: number): Promise<Listening> {
  if (!LOOPBACK.test(host)) throw new Error(`the simulator listens on the loopback only, not on ${host}`);
  const server: Server = createServer((raw, response) => {
    void serve(routes, raw, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const printable = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${printable}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(routes: readonly Route[], raw: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const request: HttpRequest = {
      raw,
      method: raw.method ?? 'GET',
      url: new URL(raw.url ?? '/', 'http://simulator'),
      body: Buffer.concat(chunks),
    };
    const route = routes.find((candidate) => candidate.matches(request));
    if (!route) {
      sendJson(response, 404, { error: `nothing at ${request.method} ${request.url.pathname}` });
      return;
    }
    await route.handle(request, response);
  } catch (error) {
    console.error('simulator: request failed', error);
    if (!response.headersSent && !response.destroyed) sendJson(response, 500, { error: String(error) });
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
