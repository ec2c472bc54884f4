import { type FleetConfig, type Role, roleOfGroups } from '@fleet/core';
import { findLiveSession, type PrismaClient } from '@fleet/db';
import { addressRanges, clientAddress, normaliseAddress } from './auth/addresses.ts';
import { fromTrustedProxy, proxyIdentity } from './auth/proxy-identity.ts';
import { sessionIdOf, sessionTokenOf } from './auth/session-cookie.ts';
import { type ActionRegistry } from './guard/action-definition.ts';
import { portalActions } from './guard/portal-actions.ts';

/** Who a request comes from, as the guard sees it. */
export type Viewer =
  | {
      kind: 'user';
      name: string;
      groups: string[];
      /** From `access.groups`; null when no group (not even `*`) maps to a role. */
      role: Role | null;
      via: 'proxy' | 'session';
      /** The session's id (token hash), for signing out. */
      sessionId: string | null;
    }
  | {
      kind: 'anonymous';
      /** `viewer` only when `auth.anonymousViewer` is on. */
      role: 'viewer' | null;
      /** Why identity headers or a cookie were not taken, for the audit trail and `auth.me`. */
      note: string | null;
    };

export type UserViewer = Extract<Viewer, { kind: 'user' }>;

export interface RequestFacts {
  /** The client's address as far as it can be told (see auth/addresses.ts). */
  sourceAddress: string | null;
  /** Whether the browser reached us over HTTPS: the session cookie is then marked Secure. */
  secure: boolean;
}

/** Writes Set-Cookie headers on the response; over HTTP the adapter's response headers, in tests a list. */
export interface ResponseCookies {
  setCookie(value: string): void;
}

export interface ApiContext {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
  viewer: Viewer;
  request: RequestFacts;
  response: ResponseCookies;
  /** The actions this portal can run: for approvals and for reconciliation. */
  actions: ActionRegistry;
}

export interface CreateContextOptions {
  /** The Fetch API request (Next.js route handlers and tRPC's fetch adapter both have one). */
  req: Request;
  config: FleetConfig;
  prisma: PrismaClient;
  /**
   * The TCP peer's address, when the server knows it. Next.js route handlers do not expose it,
   * so behind Next a proxy is recognised by `auth.proxy.sharedSecretEnv` only.
   */
  peerAddress?: string | null;
  /** The response headers the adapter sends (tRPC's fetch adapter passes `resHeaders`). */
  resHeaders?: Headers;
  actions?: ActionRegistry;
  now?: () => Date;
  env?: Readonly<Record<string, string | undefined>>;
}

export function userViewer(config: FleetConfig, name: string, groups: readonly string[], via: 'proxy' | 'session', sessionId: string | null = null): UserViewer {
  return { kind: 'user', name, groups: [...groups], role: roleOfGroups(groups, config.access.groups).role, via, sessionId };
}

export function anonymousViewer(config: FleetConfig, note: string | null = null): Viewer {
  return { kind: 'anonymous', role: config.auth.anonymousViewer ? 'viewer' : null, note };
}

/** Response cookies that go to `headers`, or are only collected when there is no response (tests, server-side callers). */
export function responseCookies(headers?: Headers): ResponseCookies & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    setCookie(value) {
      written.push(value);
      headers?.append('Set-Cookie', value);
    },
  };
}

async function identify(options: CreateContextOptions, now: Date): Promise<Viewer> {
  const { req, config, prisma } = options;
  if (config.auth.mode === 'proxy' && config.auth.proxy) {
    const identity = proxyIdentity(req.headers, config.auth.proxy, options.peerAddress ?? null, options.env ?? process.env);
    if (identity.kind === 'trusted') return userViewer(config, identity.user, identity.groups, 'proxy');
    return anonymousViewer(config, identity.kind === 'ignored' ? identity.reason : null);
  }
  const token = sessionTokenOf(req.headers);
  if (!token) return anonymousViewer(config);
  const session = await findLiveSession(prisma, sessionIdOf(token), now);
  if (!session) return anonymousViewer(config, 'the sign-in expired or was signed out; sign in again');
  // Groups come from the config as it is now, so removing a user's group takes effect at once.
  const user = config.auth.local.users.find((u) => u.name === session.user);
  if (!user) return anonymousViewer(config, `${session.user} is no longer in auth.local.users`);
  return userViewer(config, user.name, user.groups, 'session', session.id);
}

/**
 * Where the request comes from and whether the browser used HTTPS. The forwarded headers count
 * only when the request came through the proxy `auth.proxy` describes, in either auth mode;
 * otherwise the address is the peer's (null where the server cannot see it, as behind Next.js).
 */
function requestFacts(options: CreateContextOptions): RequestFacts {
  const { req, config } = options;
  const peer = options.peerAddress ?? null;
  const proxy = config.auth.proxy;
  const viaProxy = proxy !== undefined && fromTrustedProxy(req.headers, proxy, peer, options.env ?? process.env);
  const https = new URL(req.url).protocol === 'https:';
  if (!viaProxy) return { sourceAddress: peer === null ? null : normaliseAddress(peer), secure: https };
  return {
    sourceAddress: clientAddress(req.headers, peer, addressRanges(proxy.trustedProxies)),
    secure: https || req.headers.get('x-forwarded-proto') === 'https',
  };
}

/** The context of one request: who asks (proxy headers or session cookie), from where, and how to answer. */
export async function createContext(options: CreateContextOptions): Promise<ApiContext> {
  const now = options.now ?? (() => new Date());
  return {
    prisma: options.prisma,
    config: options.config,
    now,
    viewer: await identify(options, now()),
    request: requestFacts(options),
    response: responseCookies(options.resHeaders),
    actions: options.actions ?? portalActions,
  };
}
