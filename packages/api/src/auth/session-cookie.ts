import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'fleet_session';

/** A new sign-in: the token goes to the browser, only its hash to the database. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What `newSessionToken` makes: 32 random bytes in base64url. Anything else is no session at all. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The cookie's value, or null when it is absent or not one this portal could have set: a cookie
 * is whatever the browser (or an attacker) sends, so `%` or 4 kB of junk is no cookie, not a 500.
 */
export function readCookie(headers: Headers, name: string): string | null {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The session token the request carries, if it has the shape of one. */
export function sessionTokenOf(headers: Headers): string | null {
  const token = readCookie(headers, SESSION_COOKIE);
  return token !== null && SESSION_TOKEN.test(token) ? token : null;
}

/**
 * The Set-Cookie value for the session: httpOnly (no script reads it), SameSite=Lax (no
 * cross-site POST carries it, so no other site can make a signed-in browser act), Secure on HTTPS.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
