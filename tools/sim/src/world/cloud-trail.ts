import { randomUUID } from 'node:crypto';

/** Who made a call, as CloudTrail's `userIdentity` says it. */
export interface TrailIdentity {
  type: 'IAMUser' | 'AssumedRole';
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId: string;
  /** The user's name, or the role session's. */
  userName: string;
  /** For an assumed role: the role it came from. */
  role?: { arn: string; name: string; principalId: string };
}

export interface TrailResource {
  type: string;
  name: string;
}

/** One management event, as CloudTrail records an API call that changed something. */
export interface TrailEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: Date;
  /** The account whose trail holds it, and the region the call was made in. */
  accountId: string;
  region: string;
  identity: TrailIdentity;
  resources: TrailResource[];
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestId: string;
  sourceIpAddress: string;
  userAgent: string;
  readOnly: boolean;
}

export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

export interface TrailQuery {
  accountId: string;
  region: string;
  attribute?: { key: LookupAttributeKey; value: string };
  start: Date;
  end: Date;
}

/** CloudTrail's event history: 90 days of management events, per account and region. */
export const EVENT_HISTORY_MS = 90 * 86_400_000;

function matches(event: TrailEvent, attribute: TrailQuery['attribute']): boolean {
  if (!attribute) return true;
  const { key, value } = attribute;
  switch (key) {
    case 'EventId':
      return event.eventId === value;
    case 'EventName':
      return event.eventName === value;
    case 'ReadOnly':
      return String(event.readOnly) === value;
    case 'Username':
      return event.identity.userName === value;
    case 'ResourceType':
      return event.resources.some((r) => r.type === value);
    case 'ResourceName':
      return event.resources.some((r) => r.name === value);
    case 'EventSource':
      return event.eventSource === value;
    case 'AccessKeyId':
      return event.identity.accessKeyId === value;
  }
}

/**
 * What CloudTrail keeps of the simulated world: every change made through the simulated AWS APIs
 * (the portal's own calls and anyone else's) and the changes the seeded history made outside it.
 */
export class CloudTrail {
  private readonly events: TrailEvent[] = [];

  record(event: Omit<TrailEvent, 'eventId'> & { eventId?: string }): TrailEvent {
    const recorded = { ...event, eventId: event.eventId ?? randomUUID() };
    this.events.push(recorded);
    return recorded;
  }

  /** Newest first, as LookupEvents answers; ties keep the order they were recorded in, newest first. */
  lookup(query: TrailQuery, now: Date): TrailEvent[] {
    const oldest = now.getTime() - EVENT_HISTORY_MS;
    return this.events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.accountId === query.accountId && event.region === query.region)
      .filter(({ event }) => event.eventTime.getTime() >= Math.max(oldest, query.start.getTime()) && event.eventTime.getTime() <= query.end.getTime())
      .filter(({ event }) => matches(event, query.attribute))
      .sort((a, b) => b.event.eventTime.getTime() - a.event.eventTime.getTime() || b.index - a.index)
      .map(({ event }) => event);
  }
}
