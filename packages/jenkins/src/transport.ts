import { type z } from 'zod';
import { Answer, IdleDeadline } from './answer.ts';
import { type Asked, failureForNetwork, failureForStatus, isCrumbRejection, JenkinsFailure } from './failure.ts';
import { type Crumb, crumbShape, type JenkinsCredentials, JenkinsSession } from './session.ts';

export interface JenkinsRequest {
  method?: 'GET' | 'POST';
  /** From the controller's root, starting with '/'; query string included. */
  path: string;
  /** What the path is in Jenkins's terms, for messages: "job infra/bake", "queue item 143". */
  subject: string;
  body?: string;
  contentType?: string;
  accept?: string;
  /**
   * Statuses beyond 2xx that this call reads itself: redirects Jenkins answers some POSTs with, or an
   * error whose body is the answer. Any other status is a JenkinsFailure.
   */
  alsoAccept?: readonly number[];
  signal?: AbortSignal;
}

export interface JenkinsTransport {
  readonly base: string;
  /**
   * Sends the request once (a POST refused for its crumb alone is sent once more with a fresh crumb),
   * and returns the answer when it is a 2xx or one of `alsoAccept`, its body unread.
   */
  send(request: JenkinsRequest): Promise<Answer>;
  json<T>(request: JenkinsRequest, shape: z.ZodType<T>): Promise<{ body: T; version: string | null }>;
}

export interface TransportOptions {
  url: string;
  credentials: JenkinsCredentials;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const ERROR_BODY_LIMIT = 64 * 1024;

function isLoginRedirect(base: string, location: string): boolean {
  let target: URL;
  try {
    target = new URL(location, `${base}/`);
  } catch {
    return true;
  }
  // Jenkins sends the unauthenticated to /login (or its security realm's entry); an SSO proxy sends them elsewhere.
  return target.origin !== new URL(base).origin || /\/(login|securityRealm\/commenceLogin)\b/.test(target.pathname);
}

export function createTransport(options: TransportOptions): JenkinsTransport {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const { credentials, timeoutMs } = options;
  // With an API token every request stands alone; otherwise the session carries the crumb.
  const session = credentials.kind === 'api-token' ? null : new JenkinsSession();
  const authorization =
    credentials.kind === 'api-token'
      ? `Basic ${btoa(`${credentials.user}:${credentials.token}`)}`
      : credentials.kind === 'password'
        ? `Basic ${btoa(`${credentials.user}:${credentials.password}`)}`
        : null;

  async function exchange(request: JenkinsRequest, crumb: Crumb | null): Promise<Answer> {
    const method = request.method ?? 'GET';
    const asked: Asked = { base, method, subject: request.subject };
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (authorization) headers.authorization = authorization;
    const cookie = session?.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (crumb) headers[crumb.field] = crumb.value;
    if (request.contentType) headers['content-type'] = request.contentType;
    const deadline = new IdleDeadline(timeoutMs, request.signal);
    let response: Response;
    try {
      response = await doFetch(`${base}${request.path}`, { method, headers, body: request.body, signal: deadline.signal, redirect: 'manual' });
    } catch (error) {
      deadline.clear();
      if (request.signal?.aborted) throw request.signal.reason;
      throw failureForNetwork(asked, error, timeoutMs);
    }
    session?.remember(response.headers);
    return new Answer(response, asked, deadline, request.signal);
  }

  async function issueCrumb(): Promise<Crumb | null> {
    const answer = await exchange({ path: '/crumbIssuer/api/json', subject: 'the crumb issuer' }, null);
    // No crumb issuer: CSRF protection is off and POSTs need no crumb.
    if (answer.status === 404) {
      await answer.discard();
      return null;
    }
    const { crumb, crumbRequestField } = await accepted(answer, { path: '/crumbIssuer/api/json', subject: 'the crumb issuer' }).then((a) => a.json(crumbShape));
    return { field: crumbRequestField, value: crumb };
  }

  async function accepted(answer: Answer, request: JenkinsRequest): Promise<Answer> {
    const asked: Asked = { base, method: request.method ?? 'GET', subject: request.subject };
    const { status, headers } = answer;
    if (status >= 300 && status < 400) {
      const location = headers.get('location') ?? '';
      if (isLoginRedirect(base, location)) {
        await answer.discard();
        throw new JenkinsFailure('auth', `Jenkins at ${base} redirected ${request.subject} to ${location || 'a login page'}: set a user and API token`, status);
      }
      if (request.alsoAccept?.includes(status)) return answer;
      await answer.discard();
      throw new JenkinsFailure('bad-response', `Jenkins at ${base} redirected ${request.subject} to ${location}: check the Jenkins URL`, status);
    }
    if ((status >= 200 && status < 300) || request.alsoAccept?.includes(status)) return answer;
    throw failureForStatus(asked, status, headers, await answer.text(ERROR_BODY_LIMIT));
  }

  async function send(request: JenkinsRequest): Promise<Answer> {
    const needsCrumb = session !== null && request.method === 'POST';
    const crumb = needsCrumb ? await session.crumbFrom(issueCrumb) : null;
    const answer = await exchange(request, crumb);
    if (!needsCrumb || answer.status !== 403) return accepted(answer, request);
    const body = await answer.text(ERROR_BODY_LIMIT);
    if (!isCrumbRejection(answer.status, body)) throw failureForStatus({ base, method: 'POST', subject: request.subject }, answer.status, answer.headers, body);
    // The crumb filter turned it away before any handler ran, so this one resend cannot act twice.
    session.forgetCrumb();
    const fresh = await session.crumbFrom(issueCrumb);
    return accepted(await exchange(request, fresh), request);
  }

  return {
    base,
    send,
    async json(request, shape) {
      const answer = await send(request);
      return { body: await answer.json(shape), version: answer.headers.get('x-jenkins') };
    },
  };
}
