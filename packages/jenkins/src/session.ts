import { z } from 'zod';

/** How the client proves who it is. */
export type JenkinsCredentials =
  /** A user's API token: Jenkins exempts such requests from CSRF protection, so no crumb is needed. */
  | { kind: 'api-token'; user: string; token: string }
  /** A user's password: POSTs need a crumb, valid only with the session cookie it was issued under. */
  | { kind: 'password'; user: string; password: string }
  /** No credentials: as for a password, POSTs need a crumb and its session. */
  | { kind: 'anonymous' };

export const crumbShape = z.object({
  _class: z.string().optional(),
  crumb: z.string().min(1),
  crumbRequestField: z.string().min(1),
});

export interface Crumb {
  field: string;
  value: string;
}

/**
 * The cookies and crumb of one Jenkins session. DefaultCrumbIssuer mixes the session id into the
 * crumb, so the crumb is only good with the JSESSIONID.* cookie that came with it.
 */
export class JenkinsSession {
  private readonly cookies = new Map<string, string>();
  private crumb: Promise<Crumb | null> | null = null;

  /** Keeps the cookies a response sets, the session cookie among them. */
  remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  cookieHeader(): string | null {
    if (this.cookies.size === 0) return null;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** One crumb for the session, fetched once however many POSTs ask at the same moment; null when CSRF protection is off. */
  crumbFrom(issue: () => Promise<Crumb | null>): Promise<Crumb | null> {
    if (!this.crumb) {
      const pending = issue();
      this.crumb = pending;
      pending.catch(() => {
        if (this.crumb === pending) this.crumb = null;
      });
    }
    return this.crumb;
  }

  /** After Jenkins rejected the crumb: the session expired or the controller restarted. */
  forgetCrumb(): void {
    this.crumb = null;
  }
}
