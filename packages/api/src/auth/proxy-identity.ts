import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProxyAuthConfig } from '@fleet/core';
import { addressRanges } from './addresses.ts';

export type ProxyIdentity =
  | { kind: 'trusted'; user: string; groups: string[] }
  /** Identity headers came, but not from the proxy: they are ignored, and the reason is kept for the audit. */
  | { kind: 'ignored'; reason: string }
  | { kind: 'absent' };

const MAX_GROUPS = 200;

function sameSecret(given: string, expected: string): boolean {
  // Equal-length digests keep the comparison constant-time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Why the request is not from the proxy, or null when every configured condition holds. */
function untrustedBecause(headers: Headers, proxy: ProxyAuthConfig, peerAddress: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  if (proxy.trustedProxies.length > 0) {
    if (!peerAddress) return 'the server cannot see the peer address, so auth.proxy.trustedProxies cannot be checked; use sharedSecretEnv alone';
    if (!addressRanges(proxy.trustedProxies)(peerAddress)) return `${peerAddress} is not in auth.proxy.trustedProxies`;
  }
  if (proxy.sharedSecretEnv) {
    const expected = env[proxy.sharedSecretEnv];
    if (!expected) return `${proxy.sharedSecretEnv} is not set in the portal's environment`;
    const given = headers.get(proxy.secretHeader);
    if (given === null || !sameSecret(given, expected)) return `the ${proxy.secretHeader} header is missing or wrong`;
  }
  return null;
}

/**
 * Whether the request came through the proxy `auth.proxy` describes (its address and/or its
 * secret). Only then are X-Forwarded-For and X-Forwarded-Proto believed: anyone can send them.
 */
export function fromTrustedProxy(headers: Headers, proxy: ProxyAuthConfig, peerAddress: string | null, env: Readonly<Record<string, string | undefined>>): boolean {
  return untrustedBecause(headers, proxy, peerAddress, env) === null;
}

/**
 * Who the auth proxy says the user is. The headers count only when every configured condition
 * holds: the peer is a trusted proxy address, and/or the request carries the shared secret.
 */
export function proxyIdentity(
  headers: Headers,
  proxy: ProxyAuthConfig,
  peerAddress: string | null,
  env: Readonly<Record<string, string | undefined>>,
): ProxyIdentity {
  const user = headers.get(proxy.userHeader)?.trim() ?? '';
  if (!user) return headers.has(proxy.groupsHeader) ? { kind: 'ignored', reason: `${proxy.groupsHeader} came without ${proxy.userHeader}` } : { kind: 'absent' };
  const untrusted = untrustedBecause(headers, proxy, peerAddress, env);
  if (untrusted) return { kind: 'ignored', reason: `identity headers ignored: ${untrusted}` };
  if (user.length > 200 || /\p{Cc}/u.test(user)) return { kind: 'ignored', reason: `${proxy.userHeader} is not a plausible user name` };
  const groups = (headers.get(proxy.groupsHeader) ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group.length > 0 && group.length <= 200)
    .slice(0, MAX_GROUPS);
  return { kind: 'trusted', user, groups };
}
