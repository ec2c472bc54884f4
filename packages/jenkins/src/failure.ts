import { SourceFailure } from '@fleet/core';

export type JenkinsFailureCode =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'server'
  | 'bad-response'
  /** Jenkins understood the request and said no (400, 409, …): nothing happened; sending it again changes nothing. */
  | 'refused'
  /**
   * A POST left this process but no answer came back (timeout, dropped connection, a proxy's 502/504):
   * it may or may not have taken effect. Never retried here; the caller settles it by looking.
   */
  | 'outcome-unknown'
  /** The Script Console ran the script and it threw; Jenkins still answered 200. */
  | 'script-failed';

/** Why a call to Jenkins failed. */
export class JenkinsFailure extends SourceFailure<JenkinsFailureCode> {
  constructor(code: JenkinsFailureCode, message: string, status: number | null = null, options?: ErrorOptions) {
    super('jenkins', code, message, status, options);
    this.name = 'JenkinsFailure';
  }
}

/** What was asked, for the message: the method, and what the path is in Jenkins's terms. */
export interface Asked {
  base: string;
  method: 'GET' | 'POST';
  /** "job infra/bake-amis", "queue item 143", "/computer/api/json" */
  subject: string;
}

const BODY_SUMMARY_LIMIT = 200;

/**
 * The sentence a Jenkins error page carries: Jetty's `<title>Error 409 x is not buildable</title>`,
 * or the first line of a plain-text answer.
 */
export function summariseErrorBody(body: string): string | null {
  const title = /<title>\s*(?:Error\s+\d{3}\s+)?([^<]*?)\s*<\/title>/i.exec(body)?.[1];
  const line = title ?? body.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('<'));
  const text = line?.trim();
  if (!text) return null;
  return text.length > BODY_SUMMARY_LIMIT ? `${text.slice(0, BODY_SUMMARY_LIMIT - 1)}…` : text;
}

/** Jenkins's CrumbFilter answers a POST without a valid crumb with this 403, before any handler runs. */
export function isCrumbRejection(status: number, body: string): boolean {
  return status === 403 && /No valid crumb/i.test(body);
}

export function failureForStatus(asked: Asked, status: number, headers: Headers, body = ''): JenkinsFailure {
  const where = `Jenkins at ${asked.base}`;
  const said = summariseErrorBody(body);
  if (status === 401) return new JenkinsFailure('auth', `${where} refused the credentials (401): check the user and its API token`, status);
  if (status === 403) {
    if (isCrumbRejection(status, body)) {
      return new JenkinsFailure('forbidden', `${where} rejected the crumb for ${asked.subject} (403): check the user and password, or use an API token`, status);
    }
    const who = headers.get('x-you-are-authenticated-as');
    const needs = headers.get('x-required-permission');
    const detail = who ? ` (authenticated as ${who}${needs ? `, needs ${needs}` : ''})` : '';
    return new JenkinsFailure('forbidden', `${where} refused access to ${asked.subject} (403)${detail}: check the user and its API token`, status);
  }
  if (status === 404) return new JenkinsFailure('not-found', `${where} has no ${asked.subject} (404)`, status);
  if (status >= 500) {
    // A proxy's 502/504 after a POST went through says nothing of whether Jenkins acted on it.
    if (asked.method === 'POST' && (status === 502 || status === 504)) {
      return new JenkinsFailure('outcome-unknown', `${where} did not say whether it acted on ${asked.subject}: a proxy answered ${status}; look before trying again`, status);
    }
    return new JenkinsFailure('server', `${where} failed on ${asked.subject} (${status})${said ? `: ${said}` : ''}`, status);
  }
  return new JenkinsFailure('refused', `${where} refused ${asked.subject} (${status})${said ? `: ${said}` : ''}`, status);
}

// Failures that happen before a request is written to a socket: the request was certainly not sent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

function causeOf(error: unknown): { code: string | undefined; message: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return { code, message: cause instanceof Error ? cause.message : String(cause) };
}

function neverSent(error: unknown): boolean {
  const { code, message } = causeOf(error);
  if (code && (NOT_SENT_CODES.has(code) || /CERT|^ERR_TLS/.test(code))) return true;
  return message === 'bad port';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * A request that got no answer. A GET is only late or unanswered; a POST that may have reached
 * Jenkins has an unknown outcome, which the caller must settle by looking rather than by sending again.
 */
export function failureForNetwork(asked: Asked, error: unknown, timeoutMs: number): JenkinsFailure {
  const where = `Jenkins at ${asked.base}`;
  if (neverSent(error)) {
    return new JenkinsFailure('unreachable', `${where} cannot be reached: ${causeOf(error).message}`, null, { cause: error });
  }
  if (asked.method === 'POST') {
    const what = isTimeout(error) ? `no answer within ${formatSeconds(timeoutMs)}` : `the connection dropped (${causeOf(error).message})`;
    return new JenkinsFailure('outcome-unknown', `${where} may or may not have acted on ${asked.subject}: ${what}; look before trying again`, null, { cause: error });
  }
  if (isTimeout(error)) {
    return new JenkinsFailure('timeout', `${where} did not answer within ${formatSeconds(timeoutMs)}`, null, { cause: error });
  }
  return new JenkinsFailure('unreachable', `${where} cannot be reached: ${causeOf(error).message}`, null, { cause: error });
}
