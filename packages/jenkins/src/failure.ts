import { SourceFailure } from '@fleet/core';

export type JenkinsFailureCode = 'unreachable' | 'timeout' | 'auth' | 'forbidden' | 'not-found' | 'server' | 'bad-response';

/** Why a call to Jenkins failed. */
export class JenkinsFailure extends SourceFailure<JenkinsFailureCode> {
  constructor(code: JenkinsFailureCode, message: string, status: number | null = null, options?: ErrorOptions) {
    super('jenkins', code, message, status, options);
    this.name = 'JenkinsFailure';
  }
}

export function failureForStatus(url: string, status: number, headers: Headers): JenkinsFailure {
  const who = headers.get('x-you-are-authenticated-as');
  const needs = headers.get('x-required-permission');
  if (status === 401) return new JenkinsFailure('auth', `Jenkins at ${url} refused the credentials (401): check the user and its API token`, status);
  if (status === 403) {
    const detail = who ? ` (authenticated as ${who}${needs ? `, needs ${needs}` : ''})` : '';
    return new JenkinsFailure('forbidden', `Jenkins at ${url} refused access (403)${detail}: check the user and its API token`, status);
  }
  if (status === 404) return new JenkinsFailure('not-found', `Jenkins at ${url} has no such page (404)`, status);
  return new JenkinsFailure('server', `Jenkins at ${url} answered ${status}`, status);
}
