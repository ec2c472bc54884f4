import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

/** The demo controller's user for the portal: may read and take agents offline. */
export const JENKINS_DEMO_USER = 'fleet-portal';
/** Its API token (Jenkins tokens are 34 hex digits starting with 11): basic auth with it needs no crumb. */
export const JENKINS_DEMO_TOKEN = '11a7c3e9f24b6d8015c9e3a7b2d4f6081e';
/** Its password: basic auth with it works, but a POST needs the crumb of its session. */
export const JENKINS_DEMO_PASSWORD = 'fleet-portal-demo';
/** A user who may only read, to see what Jenkins answers a permission it lacks. */
export const JENKINS_READER = { user: 'fleet-viewer', token: '1149d2b7e05c3f8a6d1b4e9c7a2f0d5b83', password: 'fleet-viewer-demo' } as const;

interface User {
  id: string;
  token: string;
  password: string;
  /** Computer.Disconnect and everything else; otherwise Overall/Read only. */
  admin: boolean;
}

const USERS: User[] = [
  { id: JENKINS_DEMO_USER, token: JENKINS_DEMO_TOKEN, password: JENKINS_DEMO_PASSWORD, admin: true },
  { id: JENKINS_READER.user, token: JENKINS_READER.token, password: JENKINS_READER.password, admin: false },
];

export type Caller = { kind: 'anonymous' } | { kind: 'user'; user: User; via: 'token' | 'password' | 'session'; sessionId: string | undefined };
export type Authentication = { ok: true; caller: Caller } | { ok: false; user: string };

/**
 * Who a request is, as a secured Jenkins sees it: basic auth with an API token or a password, or the
 * session cookie a password login left. Crumbs are tied to the session and its user, as
 * DefaultCrumbIssuer ties them.
 */
export class JenkinsAuth {
  /** Jenkins names its session cookie after the instance, so two controllers on one host do not clash. */
  readonly cookieName = `JSESSIONID.${randomBytes(4).toString('hex')}`;
  private readonly salt = randomBytes(16).toString('hex');
  private readonly sessions = new Map<string, User>();

  authenticate(headers: IncomingHttpHeaders): Authentication {
    const sessionId = this.sessionOf(headers);
    const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    if (basic) {
      const [id = '', ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      const secret = rest.join(':');
      const user = USERS.find((candidate) => candidate.id === id);
      if (user && same(secret, user.token)) return { ok: true, caller: { kind: 'user', user, via: 'token', sessionId } };
      if (user && same(secret, user.password)) return { ok: true, caller: { kind: 'user', user, via: 'password', sessionId } };
      return { ok: false, user: id };
    }
    const user = sessionId ? this.sessions.get(sessionId) : undefined;
    if (user) return { ok: true, caller: { kind: 'user', user, via: 'session', sessionId } };
    return { ok: true, caller: { kind: 'anonymous' } };
  }

  /** A crumb for the caller's session, opening one (and the cookie to keep it) when there is none. */
  crumbFor(caller: Caller & { kind: 'user' }): { crumb: string; setCookie: string | undefined } {
    const known = caller.sessionId && this.sessions.get(caller.sessionId) === caller.user ? caller.sessionId : undefined;
    const sessionId = known ?? `node0${randomBytes(12).toString('hex')}.node0`;
    this.sessions.set(sessionId, caller.user);
    const setCookie = known ? undefined : `${this.cookieName}=${sessionId}; Path=/; HttpOnly`;
    return { crumb: this.crumb(caller.user, sessionId), setCookie };
  }

  /** Whether a POST may go ahead: API-token callers need no crumb; everyone else needs their session's. */
  crumbAccepted(caller: Caller, headers: IncomingHttpHeaders, form: URLSearchParams): boolean {
    if (caller.kind !== 'user') return false;
    if (caller.via === 'token') return true;
    const given = headers['jenkins-crumb'] ?? form.get('Jenkins-Crumb') ?? undefined;
    if (!caller.sessionId || typeof given !== 'string') return false;
    return same(given, this.crumb(caller.user, caller.sessionId));
  }

  private crumb(user: User, sessionId: string): string {
    return createHash('sha256').update(`${user.id};${sessionId};${this.salt}`).digest('hex');
  }

  private sessionOf(headers: IncomingHttpHeaders): string | undefined {
    const cookies = (headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
    return cookies.find(([name]) => name === this.cookieName)?.[1];
  }
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
