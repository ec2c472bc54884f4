import { randomUUID } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { delayOrDrop, deliver, type Fault, type FaultInjector } from '../faults.ts';
import { type HttpRequest, type Route } from '../http.ts';
import { type CallLog } from './call-log.ts';
import { type CloudTrail } from '../world/cloud-trail.ts';
import { RECORDED_CALLS } from './cloudtrail/recorded-calls.ts';
import { trailIdentity } from './cloudtrail/trail-identity.ts';
import { AwsError, missingParameter } from './errors.ts';
import { type Identities, type Principal } from './identities.ts';
import { awsQueryProtocol, type CredentialProblem, type Protocol } from './protocol.ts';
import { QueryParams } from './query-params.ts';
import { type QueryService } from './service.ts';
import { headerValue, parseAuthorization, signatureMatches } from './sigv4.ts';

export interface QueryEndpointOptions {
  services: readonly QueryService[];
  identities: Identities;
  faults: FaultInjector;
  /** Counts every request that names an action, faulted ones included. */
  calls?: CallLog;
  clock: () => Date;
  /** Brings the world up to the clock before each action, so an answer never lags its timers. */
  settle?: () => void;
  /** Where the changes made through these APIs are recorded, as CloudTrail records them. */
  trail?: CloudTrail;
}

/**
 * `POST /` with a form body, as every AWS query-protocol service receives it. On AWS each service
 * has its own host; here they share one, and the `Version` parameter says which service is meant.
 */
export function queryEndpoint(options: QueryEndpointOptions): Route {
  return {
    matches: (request) =>
      request.method === 'POST' && request.url.pathname === '/' && (request.raw.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'),
    handle: (request, response) => answer(options, request, response),
  };
}

async function answer(options: QueryEndpointOptions, request: HttpRequest, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const params = QueryParams.parse(request.body.toString('utf8'));
  const version = params.string('Version');
  const service = options.services.find((candidate) => candidate.version === version);
  if (!service) {
    const error = version
      ? new AwsError('NoSuchVersion', `The requested version (${version}) of service is not supported by this endpoint.`)
      : missingParameter('Version');
    return send(response, awsQueryProtocol, '', requestId, error);
  }
  const { protocol } = service;
  const action = params.string('Action');
  if (!action) return send(response, protocol, service.xmlns, requestId, new AwsError('MissingAction', 'The request must contain the parameter Action'));

  const signer = claimedSigner(request, options.identities, options.clock());
  const fault = options.faults.take({ service: service.name, action, account: signer?.accountId });
  options.calls?.record({ service: service.name, action, accountId: signer?.accountId ?? null, region: signer?.region ?? null }, fault?.kind === 'throttle');
  if (await delayOrDrop(fault, request)) return;
  if (fault?.kind === 'throttle') return send(response, protocol, service.xmlns, requestId, protocol.throttled());
  if (fault?.kind === 'internal-error') return send(response, protocol, service.xmlns, requestId, protocol.internalError());
  if (fault?.kind === 'error') return send(response, protocol, service.xmlns, requestId, injectedError(fault));

  try {
    const { principal: caller, region } = authenticate(request, options.identities, protocol, options.clock());
    const handler = service.actions[action];
    if (!handler) throw protocol.unknownAction(action, service.version);
    if (handler.mutating && caller.readOnly) throw protocol.denied(caller, service.name, action);
    const dryRun = protocol.dryRun(params);
    if (dryRun) throw dryRun;
    options.settle?.();
    const now = options.clock();
    const body = handler.handle({ params, caller, region, requestId, now });
    const recorder = options.trail && handler.mutating ? RECORDED_CALLS[action] : undefined;
    if (recorder) {
      options.trail!.record({
        eventName: action,
        eventSource: `${service.name}.amazonaws.com`,
        eventTime: now,
        accountId: caller.accountId,
        region,
        identity: trailIdentity(caller),
        ...recorder(params, body, requestId),
        requestId,
        sourceIpAddress: request.raw.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headerValue(request.raw.headers, 'user-agent') ?? 'unknown',
        readOnly: false,
      });
    }
    send(response, protocol, service.xmlns, requestId, protocol.success(action, service.xmlns, requestId, body), fault);
  } catch (error) {
    if (error instanceof AwsError) return send(response, protocol, service.xmlns, requestId, error, fault);
    console.error(`simulator: ${service.name} ${action} failed`, error);
    send(response, protocol, service.xmlns, requestId, protocol.internalError());
  }
}

/** ResourceContention is a 500 on AutoScaling; any other injected code is the caller's fault unless told otherwise. */
function injectedError(fault: Fault): AwsError {
  const code = fault.code ?? 'InternalFailure';
  const status = fault.status ?? (code === 'ResourceContention' ? 500 : 400);
  return new AwsError(code, fault.message ?? KNOWN_MESSAGES[code] ?? `Injected ${code}`, status);
}

const KNOWN_MESSAGES: Record<string, string> = {
  ResourceContention: 'You already have a pending update to an Auto Scaling resource (for example, a group, instance, or load balancer).',
  LimitExceeded: 'You have reached a limit for your Amazon EC2 Auto Scaling resources.',
};

/** The region a request was signed for (its SigV4 credential scope). */
export function regionOf(request: HttpRequest): string {
  const header = headerValue(request.raw.headers, 'authorization');
  return (header && parseAuthorization(header)?.region) || 'us-east-1';
}

/**
 * Whose key and which region a request names, before its signature is checked: AWS counts a
 * request against the account whose bucket it draws from even when it answers with an error.
 */
function claimedSigner(request: HttpRequest, identities: Identities, now: Date): { accountId: string; region: string } | undefined {
  const header = headerValue(request.raw.headers, 'authorization');
  const auth = header ? parseAuthorization(header) : undefined;
  if (!auth) return undefined;
  const found = identities.lookup(auth.accessKeyId, headerValue(request.raw.headers, 'x-amz-security-token'), now);
  return found.ok ? { accountId: found.principal.accountId, region: auth.region } : undefined;
}

/** Who signed the request and for which region, or the protocol's own error for a missing, unknown or wrongly signed key. */
export function authenticate(request: HttpRequest, identities: Identities, protocol: Pick<Protocol, 'credentials'>, now: Date): { principal: Principal; region: string } {
  const refuse = (problem: CredentialProblem) => protocol.credentials(problem);
  const header = headerValue(request.raw.headers, 'authorization');
  if (!header) throw refuse('missing');
  const auth = parseAuthorization(header);
  if (!auth) throw refuse('malformed');
  const found = identities.lookup(auth.accessKeyId, headerValue(request.raw.headers, 'x-amz-security-token'), now);
  if (!found.ok) throw refuse(found.problem);
  const signed = { method: request.method, url: request.raw.url ?? '/', headers: request.raw.headers, body: request.body };
  if (!signatureMatches(signed, auth, found.secretAccessKey)) throw refuse('bad-signature');
  return { principal: found.principal, region: auth.region };
}

function send(response: ServerResponse, protocol: Protocol, xmlns: string, requestId: string, payload: string | AwsError, fault?: Fault): void {
  const status = payload instanceof AwsError ? payload.status : 200;
  const text = payload instanceof AwsError ? protocol.error(payload, xmlns, requestId) : payload;
  const headers = { 'content-type': 'text/xml;charset=UTF-8', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId };
  deliver(fault, response, status, headers, text);
}
