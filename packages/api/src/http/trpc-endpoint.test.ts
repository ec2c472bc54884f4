import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../test/harness.ts';
import { handleTrpcRequest } from './trpc-endpoint.ts';

const PORTAL = 'http://portal.test';

describe.each(testDatabases())('the tRPC endpoint’s perimeter on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();
  const handle = (req: Request) => handleTrpcRequest(req, { config, prisma: db.prisma, peerAddress: '192.0.2.10' });
  let cookie: string;

  beforeAll(async () => {
    db = await target.open();
    const signIn = await handle(json('auth.signIn', { user: 'oscar', password: 'demo' }));
    cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  function json(procedure: string, input: unknown, headers: Record<string, string> = {}): Request {
    return new Request(`${PORTAL}/api/trpc/${procedure}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ json: input }) });
  }

  async function signedIn(): Promise<boolean> {
    const me = await handle(new Request(`${PORTAL}/api/trpc/auth.me`, { headers: { cookie } }));
    return ((await me.json()) as { result: { data: { json: { signedIn: boolean } } } }).result.data.json.signedIn;
  }

  it('refuses a cross-site sign-out (logout CSRF) and audits it', async () => {
    const form = new FormData();
    form.set('x', '1');
    const attack = new Request(`${PORTAL}/api/trpc/auth.signOut`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, body: form });
    const response = await handle(attack);
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await signedIn()).toBe(true);
    const event = await db.prisma.auditEvent.findFirst({ where: { action: 'auth.signOut' }, orderBy: { at: 'desc' } });
    expect(event).toMatchObject({ outcome: 'denied', user: 'oscar', errorCode: 'cross-site-request' });
  });

  it('refuses a mutation that is not JSON, the form a cross-site page can send without asking', async () => {
    const form = new FormData();
    form.set('x', '1');
    const response = await handle(new Request(`${PORTAL}/api/trpc/auth.signOut`, { method: 'POST', headers: { cookie }, body: form }));
    expect(response.status).toBe(415);
    expect(await signedIn()).toBe(true);
  });

  it('lets a same-origin JSON mutation through', async () => {
    const response = await handle(json('auth.signIn', { user: 'alice', password: 'demo' }, { origin: PORTAL, 'sec-fetch-site': 'same-origin' }));
    expect(response.status).toBe(200);
  });

  it('takes the portal’s host from what the browser asked for, not from the server’s own name for itself', async () => {
    // Next.js builds the request URL from its own host name (localhost) whatever the browser used.
    const asked = new Request('http://localhost:3000/api/trpc/auth.signIn', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: JSON.stringify({ json: { user: 'alice', password: 'demo' } }),
    });
    expect((await handle(asked)).status).toBe(200);
  });

  it('refuses a 10 MB body before reading it all, with or without a Content-Length', async () => {
    const big = JSON.stringify({ json: { user: 'ada', password: 'x'.repeat(10_000_000) } });
    const declared = await handle(new Request(`${PORTAL}/api/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }));
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
        controller.close();
      },
    });
    const streamed = await handle(new Request(`${PORTAL}/api/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit));
    expect(streamed.status).toBe(413);
  });

  it('refuses a batch of 50 queries in one request', async () => {
    const paths = Array.from({ length: 50 }, () => 'nodes.list').join(',');
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), { json: {} }]));
    const response = await handle(new Request(`${PORTAL}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('at most 16');
  });

  it('answers a failure without the database’s words', async () => {
    // A database that has lost a table answers every read with its own words.
    const broken = new Proxy(db.prisma, {
      get: (prisma, key) => (key === 'syncSource' ? { findMany: () => Promise.reject(new Error('relation "sync_source" does not exist')) } : Reflect.get(prisma, key)),
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await handleTrpcRequest(new Request(`${PORTAL}/api/trpc/sources.list`), { config, prisma: broken });
    quiet.mockRestore();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/sync_source|relation|stack/);
    expect(text).toMatch(/the portal failed to answer \(reference [0-9a-f-]{36}\)/);
  });
});
