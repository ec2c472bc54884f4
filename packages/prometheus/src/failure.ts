import { SourceFailure } from '@fleet/core';

export type PrometheusFailureCode = 'unreachable' | 'timeout' | 'bad-query' | 'query-timeout' | 'server' | 'bad-response' | 'auth';

/** Why a call to Prometheus failed. */
export class PrometheusFailure extends SourceFailure<PrometheusFailureCode> {
  constructor(code: PrometheusFailureCode, message: string, status: number | null = null, options?: ErrorOptions) {
    super('prometheus', code, message, status, options);
    this.name = 'PrometheusFailure';
  }
}

/** What a request was, for the message: the API path, and the PromQL when it was a query. */
export interface Asked {
  base: string;
  path: string;
  query?: string;
}

/** The query as one short line: long PromQL spans lines and would bury the message. */
export function quoteQuery(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return `\`${line.length > 160 ? `${line.slice(0, 157)}...` : line}\``;
}

function subject(asked: Asked): string {
  return asked.query === undefined ? `${asked.path}` : `the query ${quoteQuery(asked.query)}`;
}

/**
 * The API's own error envelope. Its errorType says whose fault it was: bad_data is the PromQL or
 * its parameters, timeout is Prometheus's --query.timeout (or the request's), the rest is the server.
 */
export function failureForError(asked: Asked, status: number, errorType: string, error: string): PrometheusFailure {
  const where = `Prometheus at ${asked.base}`;
  if (errorType === 'bad_data') {
    return new PrometheusFailure('bad-query', `${where} rejected ${subject(asked)}: ${error}; check the PromQL and its parameters`, status);
  }
  if (errorType === 'timeout') {
    return new PrometheusFailure('query-timeout', `${where} gave up on ${subject(asked)} (${error}): narrow the query or raise --query.timeout`, status);
  }
  return new PrometheusFailure('server', `${where} failed on ${subject(asked)} (${errorType}): ${error}`, status);
}

/** An answer without the API's envelope: a proxy in front, or not Prometheus at all. */
export function failureForStatus(asked: Asked, status: number): PrometheusFailure {
  const where = `Prometheus at ${asked.base}`;
  if (status === 401 || status === 403) {
    return new PrometheusFailure('auth', `${where} refused ${asked.path} (${status}): check the credentials of the proxy in front of it`, status);
  }
  if (status === 404) {
    return new PrometheusFailure('bad-response', `${where} has no ${asked.path} (404): check that the URL points at Prometheus, with its --web.route-prefix`, status);
  }
  return new PrometheusFailure('server', `${where} answered ${asked.path} with ${status}`, status);
}

export function failureForNetwork(base: string, error: unknown, timeoutMs: number): PrometheusFailure {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new PrometheusFailure('timeout', `Prometheus at ${base} did not answer within ${formatSeconds(timeoutMs)}: check the URL and that Prometheus is not overloaded`, null, { cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new PrometheusFailure('unreachable', `Prometheus at ${base} cannot be reached (${cause}): check the URL and that Prometheus is running`, null, { cause: error });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
