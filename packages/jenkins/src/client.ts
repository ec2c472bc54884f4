import { type z } from 'zod';
import { COMPUTERS_TREE, computerSetShape, type JenkinsComputer, toComputer } from './computers.ts';
import { failureForStatus, JenkinsFailure } from './failure.ts';

export interface JenkinsClientOptions {
  url: string;
  user?: string;
  /** The user's API token: with it Jenkins needs no crumb. */
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface JenkinsClient {
  readonly url: string;
  /** Every computer of the controller, the built-in node included. */
  computers(): Promise<{ computers: JenkinsComputer[]; version: string | null }>;
}

function describeNetworkError(url: string, error: unknown, timeoutMs: number): JenkinsFailure {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new JenkinsFailure('timeout', `Jenkins at ${url} did not answer within ${Math.round(timeoutMs / 1000)} s`, null, { cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new JenkinsFailure('unreachable', `Jenkins at ${url} cannot be reached: ${cause}`, null, { cause: error });
}

export function createJenkinsClient(options: JenkinsClientOptions): JenkinsClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.user && options.token) headers.authorization = `Basic ${btoa(`${options.user}:${options.token}`)}`;

  async function getJson<T>(path: string, shape: z.ZodType<T>): Promise<{ body: T; version: string | null }> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (error) {
      throw describeNetworkError(base, error, timeoutMs);
    }
    if (response.status >= 300 && response.status < 400) {
      // Jenkins redirects anonymous requests to its login page when it needs authentication.
      throw new JenkinsFailure('auth', `Jenkins at ${base} redirected to ${response.headers.get('location') ?? 'a login page'}: set a user and API token`, response.status);
    }
    if (!response.ok) throw failureForStatus(base, response.status, response.headers);
    let raw: unknown;
    try {
      raw = await response.json();
    } catch (error) {
      throw new JenkinsFailure('bad-response', `Jenkins at ${base} answered ${path.split('?')[0]} with something that is not JSON`, response.status, { cause: error });
    }
    const parsed = shape.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new JenkinsFailure('bad-response', `Jenkins at ${base} answered ${path.split('?')[0]} in an unexpected shape: ${issue?.path.join('.') || '(top)'} ${issue?.message ?? ''}`.trim(), response.status);
    }
    return { body: parsed.data, version: response.headers.get('x-jenkins') };
  }

  return {
    url: base,
    async computers() {
      const { body, version } = await getJson(`/computer/api/json?tree=${encodeURIComponent(COMPUTERS_TREE)}`, computerSetShape);
      return { computers: body.computer.map(toComputer), version };
    },
  };
}
