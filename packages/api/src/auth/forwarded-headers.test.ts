import type { PrismaClient } from '@fleet/db';
import { describe, expect, it } from 'vitest';
import { createContext } from '../context.ts';
import { testConfig } from '../test/harness.ts';

// No cookie is sent, so the context never reads the database.
const noDatabase = {} as PrismaClient;
const spoofed = { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https' };

async function requestFacts(config: ReturnType<typeof testConfig>, headers: Record<string, string>, peerAddress: string | null = null, env: Record<string, string> = {}) {
  const req = new Request('http://portal.test/api/trpc/auth.me', { headers });
  return (await createContext({ req, config, prisma: noDatabase, peerAddress, env })).request;
}

describe('forwarded headers', () => {
  it('are ignored from anyone when no proxy is configured: the address is the peer’s, or unknown', async () => {
    const config = testConfig();
    expect(await requestFacts(config, spoofed)).toEqual({ sourceAddress: null, secure: false });
    expect(await requestFacts(config, spoofed, '198.51.100.7')).toEqual({ sourceAddress: '198.51.100.7', secure: false });
  });

  it('are ignored from a peer outside auth.proxy.trustedProxies, in local mode too', async () => {
    const config = testConfig({}, { proxy: { trustedProxies: ['10.0.0.0/8'], userHeader: 'X-Forwarded-User', groupsHeader: 'X-Forwarded-Groups', secretHeader: 'X-Fleet-Proxy-Secret' } });
    expect(await requestFacts(config, spoofed, '198.51.100.7')).toEqual({ sourceAddress: '198.51.100.7', secure: false });
    expect(await requestFacts(config, { ...spoofed, 'x-forwarded-for': '198.51.100.1, 203.0.113.66' }, '10.0.0.5')).toEqual({ sourceAddress: '203.0.113.66', secure: true });
  });

  it('are taken from the proxy that sends the shared secret: its last hop is the client', async () => {
    const proxy = { trustedProxies: [], sharedSecretEnv: 'TEST_PROXY_SECRET', userHeader: 'X-Forwarded-User', groupsHeader: 'X-Forwarded-Groups', secretHeader: 'X-Fleet-Proxy-Secret' };
    const config = testConfig({}, { proxy });
    const env = { TEST_PROXY_SECRET: 's3cret' };
    const chain = { 'x-forwarded-for': '203.0.113.66, 198.51.100.9', 'x-forwarded-proto': 'https' };
    expect(await requestFacts(config, { ...chain, 'x-fleet-proxy-secret': 's3cret' }, null, env)).toEqual({ sourceAddress: '198.51.100.9', secure: true });
    expect(await requestFacts(config, { ...chain, 'x-fleet-proxy-secret': 'guess' }, null, env)).toEqual({ sourceAddress: null, secure: false });
  });
});
