import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContext } from '../context.ts';
import { appRouter } from '../root.ts';
import { callerWith, testConfig } from '../test/harness.ts';
import { clientAddress } from './addresses.ts';
import { proxyIdentity } from './proxy-identity.ts';

const proxy = { trustedProxies: ['10.0.0.0/8'], userHeader: 'X-Forwarded-User', groupsHeader: 'X-Forwarded-Groups', secretHeader: 'X-Fleet-Proxy-Secret' };
const identityHeaders = new Headers({ 'X-Forwarded-User': 'ada', 'X-Forwarded-Groups': 'sre-admins, sre ,' });

describe('identity from the auth proxy', () => {
  it('is taken from a trusted proxy address, with its groups', () => {
    expect(proxyIdentity(identityHeaders, proxy, '10.1.2.3', {})).toEqual({ kind: 'trusted', user: 'ada', groups: ['sre-admins', 'sre'] });
    expect(proxyIdentity(identityHeaders, proxy, '::ffff:10.1.2.3', {})).toMatchObject({ kind: 'trusted' });
  });

  it('is ignored from anywhere else, with the reason kept', () => {
    expect(proxyIdentity(identityHeaders, proxy, '192.0.2.7', {})).toEqual({ kind: 'ignored', reason: 'identity headers ignored: 192.0.2.7 is not in auth.proxy.trustedProxies' });
    expect(proxyIdentity(identityHeaders, proxy, null, {})).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('cannot see the peer address') });
  });

  it('is taken with the shared secret, and only with the right one', () => {
    const secretOnly = { ...proxy, trustedProxies: [], sharedSecretEnv: 'FLEET_PROXY_SECRET' };
    const env = { FLEET_PROXY_SECRET: 's3cret' };
    const withSecret = (secret: string) => new Headers([...identityHeaders.entries(), ['X-Fleet-Proxy-Secret', secret]]);
    expect(proxyIdentity(withSecret('s3cret'), secretOnly, null, env)).toMatchObject({ kind: 'trusted', user: 'ada' });
    expect(proxyIdentity(withSecret('guess'), secretOnly, null, env)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('X-Fleet-Proxy-Secret header is missing or wrong') });
    expect(proxyIdentity(withSecret('s3cret'), secretOnly, null, {})).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('FLEET_PROXY_SECRET is not set') });
  });

  it('needs every configured condition when both are configured', () => {
    const both = { ...proxy, sharedSecretEnv: 'FLEET_PROXY_SECRET' };
    expect(proxyIdentity(identityHeaders, both, '10.0.0.1', { FLEET_PROXY_SECRET: 's3cret' })).toMatchObject({ kind: 'ignored' });
  });

  it('takes the client address from the first hop that is not a trusted proxy', () => {
    const headers = new Headers({ 'x-forwarded-for': '198.51.100.1, 192.0.2.9, 10.0.0.5' });
    const trusted = (a: string) => a.startsWith('10.');
    expect(clientAddress(headers, '10.0.0.6', trusted)).toBe('192.0.2.9');
    expect(clientAddress(new Headers(), '192.0.2.1', trusted)).toBe('192.0.2.1');
  });
});

describe.each(testDatabases())('signing in and out on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();

  beforeAll(async () => {
    db = await target.open();
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it('sets an httpOnly, SameSite=Lax session cookie that signs the next request in', async () => {
    const browser = callerWith(db.prisma, config);
    await expect(browser.api.auth.signIn({ user: 'oscar', password: 'demo' })).resolves.toEqual({ user: 'oscar', groups: ['sre'], role: 'operator' });
    const cookie = browser.resHeaders.get('set-cookie')!;
    expect(cookie).toMatch(/^fleet_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const session = callerWith(db.prisma, config, { cookie: cookie.split(';')[0]! });
    expect(await session.api.auth.me()).toMatchObject({ signedIn: true, user: 'oscar', role: 'operator', via: 'session' });
    // Only the token's hash is stored.
    expect(await db.prisma.session.count({ where: { id: cookie.split(';')[0]!.split('=')[1]! } })).toBe(0);

    await session.api.auth.signOut();
    expect(session.resHeaders.get('set-cookie')).toContain('Max-Age=0');
    expect(await session.api.auth.me()).toMatchObject({ signedIn: false, note: expect.stringContaining('sign in again') });
  });

  it('takes a cookie it could not have set for no session: every call answers, signing out included', async () => {
    for (const junk of ['%', '%E0%A4%A', 'x'.repeat(4096), 'not-a-token']) {
      const browser = callerWith(db.prisma, config, { cookie: `fleet_session=${junk}` });
      expect(await browser.api.auth.me()).toMatchObject({ signedIn: false });
      await expect(browser.api.auth.signOut()).resolves.toEqual({ signedOut: false });
    }
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const behindProxy = testConfig({}, { proxy: { ...proxy, trustedProxies: ['192.0.2.0/24'] } });
    const browser = callerWith(db.prisma, behindProxy, { 'x-forwarded-proto': 'https' });
    await browser.api.auth.signIn({ user: 'alice', password: 'demo' });
    expect(browser.resHeaders.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('refuses a wrong password without saying whether the user exists, and audits it', async () => {
    const browser = callerWith(db.prisma, config);
    await expect(browser.api.auth.signIn({ user: 'ada', password: 'nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'the user name or password is wrong' });
    await expect(browser.api.auth.signIn({ user: 'mallory', password: 'demo' })).rejects.toMatchObject({ message: 'the user name or password is wrong' });
    expect(await db.prisma.auditEvent.count({ where: { action: 'auth.signIn', outcome: 'denied', target: { in: ['ada', 'mallory'] } } })).toBe(2);
    expect(browser.resHeaders.get('set-cookie')).toBeNull();
  });

  it('refuses a user name after five wrong passwords in 15 min, before looking at the password, until the oldest failure ages out', async () => {
    const start = Date.UTC(2026, 10, 29, 6, 0);
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    let clock = at(0);
    const browser = callerWith(db.prisma, config, {}, () => clock);
    const signIn = (user: string, password: string) =>
      browser.api.auth.signIn({ user, password }).then(
        () => 'signed in',
        (e: TRPCError) => `${e.code}: ${e.message}`,
      );
    for (let minute = 0; minute < 5; minute++) {
      clock = at(minute);
      expect(await signIn('grace', 'guess')).toBe('UNAUTHORIZED: the user name or password is wrong');
    }
    clock = at(6);
    // The right password is refused too: the limit comes before the password.
    expect(await signIn('grace', 'demo')).toBe('TOO_MANY_REQUESTS: 5 failed sign-ins as grace within 15 min: refused for another 9 min');
    // Refusals for the limit do not count: the wait still ends 15 min after the oldest failure.
    clock = at(10);
    expect(await signIn('grace', 'guess')).toBe('TOO_MANY_REQUESTS: 5 failed sign-ins as grace within 15 min: refused for another 5 min');
    expect(await signIn('ada', 'demo')).toBe('signed in');
    expect(await db.prisma.auditEvent.count({ where: { action: 'auth.signIn', target: 'grace', errorCode: 'too-many-attempts' } })).toBe(2);

    clock = new Date(at(15).getTime() + 1);
    expect(await signIn('grace', 'demo')).toBe('signed in');
    // A success starts the count again: the four failures before it no longer weigh.
    clock = at(16);
    expect(await signIn('grace', 'guess')).toBe('UNAUTHORIZED: the user name or password is wrong');
    expect(await signIn('grace', 'demo')).toBe('signed in');
  });

  it('lets anonymous visitors read only where anonymousViewer is on', async () => {
    await expect(callerWith(db.prisma, config).api.sources.list()).resolves.toBeDefined();
    const closed = testConfig({}, { anonymousViewer: false });
    await expect(callerWith(db.prisma, closed).api.sources.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('sign in to see the fleet') });
  });

  it('takes proxy headers in proxy mode from the configured secret, and ignores them otherwise', async () => {
    const proxied = testConfig({}, { mode: 'proxy', anonymousViewer: false, proxy: { ...proxy, trustedProxies: [], sharedSecretEnv: 'TEST_PROXY_SECRET' } });
    const env = { TEST_PROXY_SECRET: 'p' };
    const req = (secret: string) => new Request('http://portal.test/', { headers: { 'x-forwarded-user': 'grace', 'x-forwarded-groups': 'sre-admins', 'x-fleet-proxy-secret': secret } });
    expect((await createContext({ req: req('p'), config: proxied, prisma: db.prisma, env })).viewer).toMatchObject({ kind: 'user', name: 'grace', role: 'admin', via: 'proxy' });
    expect((await createContext({ req: req('x'), config: proxied, prisma: db.prisma, env })).viewer).toMatchObject({ kind: 'anonymous', role: null, note: expect.stringContaining('missing or wrong') });
  });

  it('reaches the browser through tRPC’s fetch adapter: the cookie on sign-in, the guard’s code on a refusal', async () => {
    const handle = (req: Request) =>
      fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: ({ req: request, resHeaders }) => createContext({ req: request, resHeaders, config, prisma: db.prisma }) });
    const signIn = await handle(
      new Request('http://portal.test/api/trpc/auth.signIn', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { user: 'ada', password: 'demo' } }) }),
    );
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-cookie')).toMatch(/^fleet_session=.*; HttpOnly; SameSite=Lax/);
    const approve = await handle(
      new Request('http://portal.test/api/trpc/actions.approve', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { journalId: 'x', confirmation: 'x' } }) }),
    );
    expect(approve.status).toBe(401);
    expect(((await approve.json()) as { error: { json: { data: { guard: unknown } } } }).error.json.data.guard).toEqual({ check: 'authenticated', code: 'not-signed-in', retryAt: null, detail: null });
  });
});
