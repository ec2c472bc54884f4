import { SourceFailure } from '@fleet/core';

/** Why a call to AWS failed, in the terms an SRE acts on. */
export type AwsFailureCode = 'auth' | 'forbidden' | 'throttled' | 'unreachable' | 'not-found' | 'invalid-request' | 'server' | 'bad-response' | 'unknown';

export class AwsFailure extends SourceFailure<AwsFailureCode> {
  constructor(
    code: AwsFailureCode,
    message: string,
    /** AWS's own error code, e.g. InstanceRefreshInProgress. */
    readonly awsCode: string | null = null,
  ) {
    super('aws', code, message);
    this.name = 'AwsFailure';
  }
}

const AUTH = new Set(['AuthFailure', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'ExpiredToken', 'ExpiredTokenException', 'CredentialsProviderError']);
const FORBIDDEN = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);
const THROTTLED = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'TimeoutError', 'RequestTimeout']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  /** The wire error code of awsQuery services (AutoScaling names the error by its shape). */
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Whether AWS answered that the account's request bucket is empty (RequestLimitExceeded, Throttling). */
export function isThrottling(error: unknown): boolean {
  if (error instanceof AwsFailure) return error.code === 'throttled';
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  return [e.Code, e.name, e.code].some((name) => typeof name === 'string' && THROTTLED.has(name));
}

/** Turns whatever the SDK threw into an {@link AwsFailure} that says what to check. */
export function classifyAwsError(error: unknown, where: string): AwsFailure {
  if (error instanceof AwsFailure) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : name;
  const detail = typeof e.message === 'string' ? e.message : String(error);
  const status = e.$metadata?.httpStatusCode;

  if (AUTH.has(name) || AUTH.has(code)) {
    return new AwsFailure('auth', `${where} rejected the credentials (${name}: ${detail}); check the AWS credentials and the role to assume`, name);
  }
  if (FORBIDDEN.has(name)) {
    return new AwsFailure('forbidden', `${where} denied the call (${name}: ${detail}); the IAM policy must allow it`, name);
  }
  if (THROTTLED.has(name)) {
    return new AwsFailure('throttled', `${where} throttled the portal (${name}) even after retries; the next sync tries again`, name);
  }
  if (NETWORK.has(code) || NETWORK.has(name)) {
    return new AwsFailure('unreachable', `${where} is unreachable (${code}: ${detail}); check the endpoint and the network`, code);
  }
  if (name.includes('NotFound')) {
    return new AwsFailure('not-found', `${where}: ${detail}`, name);
  }
  if (name.startsWith('Invalid') || name === 'ValidationError' || name === 'MissingParameter') {
    return new AwsFailure('invalid-request', `${where} refused the request (${name}: ${detail})`, name);
  }
  if (status !== undefined && status >= 500) {
    return new AwsFailure('server', `${where} failed on its side (HTTP ${status}, ${name}); the next sync tries again`, name);
  }
  if (name === 'SyntaxError' || name === 'Deserialization') {
    return new AwsFailure('bad-response', `${where} answered with something that is not AWS's format (${detail})`, name);
  }
  return new AwsFailure('unknown', `${where} failed: ${name}: ${detail}`, name === 'Error' ? null : name);
}
