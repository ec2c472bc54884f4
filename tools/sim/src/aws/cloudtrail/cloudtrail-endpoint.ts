import { createHash, randomUUID } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { delayOrDrop, type FaultInjector } from '../../faults.ts';
import { type HttpRequest, type Route } from '../../http.ts';
import { type CloudTrail, type LookupAttributeKey, type TrailEvent } from '../../world/cloud-trail.ts';
import { authenticate, regionOf } from '../endpoint.ts';
import { AwsError } from '../errors.ts';
import { type Identities } from '../identities.ts';
import { type CredentialProblem } from '../protocol.ts';

/**
 * CloudTrail's LookupEvents over the AWS JSON 1.1 protocol, as botocore's cloudtrail 2013-11-01
 * model describes it: `POST /` with `X-Amz-Target: [com.amazonaws.cloudtrail.v20131101.]
 * CloudTrail_20131101.LookupEvents`, times as epoch seconds, at most one lookup attribute, 1–50
 * events a page (50 by default) newest first, an opaque NextToken bound to the request's
 * parameters, 90 days of history, and two lookups a second per account and region.
 */
/** botocore sends the model's full target prefix, the JavaScript SDK only the service's shape name; AWS takes both. */
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const LOOKUPS_PER_SECOND = 2;

const KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const satisfies readonly LookupAttributeKey[];

const lookupRequest = z.object({
  LookupAttributes: z.array(z.object({ AttributeKey: z.string(), AttributeValue: z.string() })).optional(),
  StartTime: z.number().optional(),
  EndTime: z.number().optional(),
  EventCategory: z.string().optional(),
  MaxResults: z.number().optional(),
  NextToken: z.string().optional(),
});

export interface CloudTrailEndpointOptions {
  trail: CloudTrail;
  identities: Identities;
  faults: FaultInjector;
  clock: () => Date;
}

const jsonCredentials = (problem: CredentialProblem): AwsError => {
  switch (problem) {
    case 'missing':
      return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    case 'expired-token':
      return new AwsError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'bad-signature':
      return new AwsError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
    case 'malformed':
      return new AwsError('IncompleteSignatureException', 'Request must contain a signature that conforms to AWS standards');
    default:
      return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
};

export function cloudTrailEndpoint(options: CloudTrailEndpointOptions): Route {
  const recentLookups = new Map<string, number[]>();
  return {
    matches: (request) => request.method === 'POST' && request.url.pathname === '/' && TARGET.test(String(request.raw.headers['x-amz-target'] ?? '')),
    handle: async (request, response) => {
      const requestId = randomUUID();
      const operation = TARGET.exec(String(request.raw.headers['x-amz-target']))![1]!;
      const fault = options.faults.take({ service: 'cloudtrail', action: operation });
      if (await delayOrDrop(fault, request)) return;
      try {
        if (fault?.kind === 'throttle') throw new AwsError('ThrottlingException', 'Rate exceeded');
        if (fault?.kind === 'internal-error') throw new AwsError('InternalServerError', 'An internal error has occurred', 500);
        if (fault?.kind === 'error') throw new AwsError(fault.code ?? 'InternalServerError', fault.message ?? `Injected ${fault.code ?? 'error'}`, fault.status ?? 400);
        const caller = authenticate(request, options.identities, { credentials: jsonCredentials }, options.clock()).principal;
        if (operation !== 'LookupEvents') throw new AwsError('UnknownOperationException', `The operation ${operation} is not supported by this simulator`);
        const region = regionOf(request);
        throttle(recentLookups, `${caller.accountId}/${region}`);
        sendJson(response, 200, requestId, lookupEvents(options, caller.accountId, region, parseBody(request)));
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        sendJson(response, error.status, requestId, { __type: error.code, message: error.message });
      }
    },
  };
}

/** LookupEvents allows two requests a second per account and region; the third is throttled. */
function throttle(recent: Map<string, number[]>, key: string): void {
  const now = Date.now();
  const times = (recent.get(key) ?? []).filter((at) => now - at < 1_000);
  if (times.length >= LOOKUPS_PER_SECOND) throw new AwsError('ThrottlingException', 'Rate exceeded');
  recent.set(key, [...times, now]);
}

function parseBody(request: HttpRequest): z.output<typeof lookupRequest> {
  let json: unknown;
  try {
    json = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  const parsed = lookupRequest.safeParse(json);
  if (!parsed.success) throw new AwsError('SerializationException', z.prettifyError(parsed.error));
  return parsed.data;
}

/** The token names the last event given and the parameters it was given for. */
function tokenFor(parameters: string, lastEventId: string): string {
  return Buffer.from(JSON.stringify({ p: parameters, after: lastEventId })).toString('base64');
}

function readToken(token: string): { p: string; after: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { p?: unknown; after?: unknown };
    return typeof parsed.p === 'string' && typeof parsed.after === 'string' ? { p: parsed.p, after: parsed.after } : undefined;
  } catch {
    return undefined;
  }
}

function lookupEvents(options: CloudTrailEndpointOptions, accountId: string, region: string, input: z.output<typeof lookupRequest>) {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && !(KEYS as readonly string[]).includes(attribute.AttributeKey)) {
    throw new AwsError('InvalidLookupAttributesException', `Lookup attribute key ${attribute.AttributeKey} is not valid; use one of ${KEYS.join(', ')}.`);
  }
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') throw new AwsError('InvalidEventCategoryException', 'Event category is not valid.');
  const size = input.MaxResults ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 50) throw new AwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  const now = options.clock();
  const start = input.StartTime === undefined ? new Date(0) : new Date(input.StartTime * 1000);
  const end = input.EndTime === undefined ? now : new Date(input.EndTime * 1000);
  if (start.getTime() > end.getTime()) throw new AwsError('InvalidTimeRangeException', 'Start time must be before end time.');
  // Insights events are not kept: asking for them finds none.
  const events =
    input.EventCategory === 'insight'
      ? []
      : options.trail.lookup({ accountId, region, start, end, ...(attribute ? { attribute: { key: attribute.AttributeKey as LookupAttributeKey, value: attribute.AttributeValue } } : {}) }, now);
  const parameters = createHash('sha256').update(JSON.stringify([attribute ?? null, input.StartTime ?? null, input.EndTime ?? null, input.EventCategory ?? null])).digest('hex');
  let from = 0;
  if (input.NextToken !== undefined) {
    const token = readToken(input.NextToken);
    const position = token && token.p === parameters ? events.findIndex((event) => event.eventId === token.after) : -1;
    if (position < 0) throw new AwsError('InvalidNextTokenException', 'Invalid NextToken.');
    from = position + 1;
  }
  const page = events.slice(from, from + size);
  const more = from + size < events.length;
  return { Events: page.map(eventJson), ...(more ? { NextToken: tokenFor(parameters, page.at(-1)!.eventId) } : {}) };
}

/** One event as LookupEvents lists it, the full record in `CloudTrailEvent` as a JSON string. */
function eventJson(event: TrailEvent) {
  const { identity } = event;
  const userIdentity = {
    type: identity.type,
    principalId: identity.principalId,
    arn: identity.arn,
    accountId: identity.accountId,
    accessKeyId: identity.accessKeyId,
    ...(identity.type === 'IAMUser' ? { userName: identity.userName } : {}),
    ...(identity.role
      ? { sessionContext: { sessionIssuer: { type: 'Role', principalId: identity.role.principalId, arn: identity.role.arn, accountId: identity.accountId, userName: identity.role.name }, attributes: { mfaAuthenticated: 'false' } } }
      : {}),
  };
  const record = {
    eventVersion: '1.08',
    userIdentity,
    eventTime: event.eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: event.sourceIpAddress,
    userAgent: event.userAgent,
    requestParameters: event.requestParameters,
    responseElements: event.responseElements,
    requestID: event.requestId,
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.accountId,
    eventCategory: 'Management',
  };
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    AccessKeyId: identity.accessKeyId,
    EventTime: event.eventTime.getTime() / 1000,
    EventSource: event.eventSource,
    Username: identity.userName,
    Resources: event.resources.map((resource) => ({ ResourceType: resource.type, ResourceName: resource.name })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

function sendJson(response: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId });
  response.end(text);
}
