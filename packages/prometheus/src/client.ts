import { type z } from 'zod';
import { type Asked, failureForError, failureForNetwork, failureForStatus, PrometheusFailure, quoteQuery } from './failure.ts';
import {
  type ActiveTarget,
  type BuildInfo,
  buildInfoShape,
  envelopeShape,
  type InstantResult,
  instantResultShape,
  rangeResultShape,
  type RangeSeries,
  targetsShape,
} from './responses.ts';

export interface PrometheusClientOptions {
  /** Prometheus's base URL, with its --web.route-prefix if it has one. */
  url: string;
  /** How long one request may take before it fails with code 'timeout'; 10 s by default. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Prometheus's warnings (a partial answer, a query that touched too much) travel with the data. */
export type WithWarnings<T> = T & { warnings: string[] };

export interface RangeQueryOptions {
  start: Date;
  end: Date;
  /** Seconds between points, as Prometheus takes it. */
  step: number;
}

export interface PrometheusClient {
  readonly url: string;
  /** Evaluates `expr` at `time` (Prometheus's now by default). */
  query(expr: string, options?: { time?: Date }): Promise<WithWarnings<InstantResult>>;
  queryRange(expr: string, options: RangeQueryOptions): Promise<WithWarnings<{ result: RangeSeries[] }>>;
  /** The targets Prometheus scrapes now, with their labels after relabelling, health and last error. */
  targets(): Promise<WithWarnings<{ targets: ActiveTarget[] }>>;
  buildInfo(): Promise<WithWarnings<BuildInfo>>;
}

interface Request {
  path: string;
  /** Sent as a form in a POST: PromQL outgrows what proxies accept in a URL. */
  form?: Record<string, string>;
  query?: string;
}

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;

  async function call<T>(request: Request, shape: z.ZodType<T>): Promise<WithWarnings<{ data: T }>> {
    const asked: Asked = { base, path: request.path.split('?')[0] ?? request.path, query: request.query };
    let response: Response;
    try {
      const init: RequestInit = { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
      if (request.form) {
        init.method = 'POST';
        init.headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
        init.body = new URLSearchParams(request.form).toString();
      }
      response = await doFetch(`${base}${request.path}`, init);
    } catch (error) {
      throw failureForNetwork(base, error, timeoutMs);
    }
    if (response.status >= 300 && response.status < 400) {
      // An authenticating proxy in front of Prometheus sends the unauthenticated to its login page.
      throw new PrometheusFailure('auth', `Prometheus at ${base} redirected to ${response.headers.get('location') ?? 'another page'}: check the credentials of the proxy in front of it`, response.status);
    }
    const body = await readJson(response, asked, timeoutMs);
    if (!body.json) {
      if (!response.ok) throw failureForStatus(asked, response.status);
      throw badResponse(asked, response.status, 'with something that is not JSON');
    }
    const envelope = envelopeShape.safeParse(body.value);
    if (!envelope.success) {
      if (!response.ok) throw failureForStatus(asked, response.status);
      throw badResponse(asked, response.status, 'without the API envelope (status, data)');
    }
    const { status, data, errorType, error, warnings = [] } = envelope.data;
    if (status === 'error') throw failureForError(asked, response.status, errorType ?? 'unknown', error ?? 'no reason given');
    if (!response.ok) throw failureForStatus(asked, response.status);
    const parsed = shape.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badResponse(asked, response.status, `in an unexpected shape: data.${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
    return { data: parsed.data, warnings };
  }

  return {
    url: base,
    async query(expr, queryOptions = {}) {
      const form: Record<string, string> = { query: expr };
      if (queryOptions.time) form.time = unixSeconds(queryOptions.time);
      const { data, warnings } = await call({ path: '/api/v1/query', form, query: expr }, instantResultShape);
      return { ...data, warnings };
    },
    async queryRange(expr, range) {
      const form = { query: expr, start: unixSeconds(range.start), end: unixSeconds(range.end), step: String(range.step) };
      const { data, warnings } = await call({ path: '/api/v1/query_range', form, query: expr }, rangeResultShape);
      return { result: data.result, warnings };
    },
    async targets() {
      const { data, warnings } = await call({ path: '/api/v1/targets?state=active' }, targetsShape);
      return { targets: data.activeTargets, warnings };
    },
    async buildInfo() {
      const { data, warnings } = await call({ path: '/api/v1/status/buildinfo' }, buildInfoShape);
      return { ...data, warnings };
    },
  };
}

/** The body as JSON, if it is JSON at all (not an HTML error page or a proxy's text). */
async function readJson(response: Response, asked: Asked, timeoutMs: number): Promise<{ json: true; value: unknown } | { json: false }> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failureForNetwork(asked.base, error, timeoutMs);
  }
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false };
  }
}

function badResponse(asked: Asked, status: number, what: string): PrometheusFailure {
  const about = asked.query === undefined ? asked.path : `${asked.path} for ${quoteQuery(asked.query)}`;
  return new PrometheusFailure('bad-response', `Prometheus at ${asked.base} answered ${about} ${what}: check that the URL points at Prometheus`, status);
}

/** Prometheus takes RFC 3339 or Unix seconds; seconds keep the milliseconds. */
function unixSeconds(date: Date): string {
  return String(date.getTime() / 1000);
}
