import { type CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import type { JsonValue } from '@fleet/core';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

/** The CloudTrail events of changes to the fleet's resources, by name (LookupEvents' EventName attribute). */
export const FLEET_CHANGE_EVENTS = [
  'StartInstanceRefresh',
  'CancelInstanceRefresh',
  'RollbackInstanceRefresh',
  'UpdateAutoScalingGroup',
  'CreateLaunchTemplateVersion',
  'ModifyImageAttribute',
  'CreateTags',
  // A node terminated or marked unhealthy in its group by hand.
  'TerminateInstanceInAutoScalingGroup',
  'SetInstanceHealth',
] as const;

/** One change CloudTrail recorded: who (the identity's ARN and name), what, on which resources, when. */
export interface TrailChange {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: Date;
  /** The IAM user's or role session's name. */
  username: string | null;
  identity: { type: string | null; arn: string | null; accessKeyId: string | null };
  sourceIpAddress: string | null;
  resources: { type: string | null; name: string }[];
  requestParameters: JsonValue;
  responseElements: JsonValue;
  /** Set when AWS refused the call (it is recorded all the same). */
  errorCode: string | null;
  errorMessage: string | null;
}

const json: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

/** The parts of `CloudTrailEvent` the portal relies on; the rest is AWS's to add to. */
const trailRecord = z.object({
  userIdentity: z.object({ type: z.string().optional(), arn: z.string().optional(), accessKeyId: z.string().optional() }).optional(),
  sourceIPAddress: z.string().optional(),
  requestParameters: json.optional(),
  responseElements: json.optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
});

const lookedUp = z.object({
  EventId: z.string().min(1),
  EventName: z.string().min(1),
  EventSource: z.string().default(''),
  EventTime: z.date(),
  Username: z.string().optional(),
  AccessKeyId: z.string().optional(),
  Resources: z.array(z.object({ ResourceType: z.string().optional(), ResourceName: z.string().optional() })).default([]),
  CloudTrailEvent: z.string().optional(),
});

function changeOf(raw: unknown, where: string): TrailChange {
  const event = lookedUp.safeParse(raw);
  if (!event.success) throw new AwsFailure('bad-response', `${where} answered an event the portal cannot read: ${z.prettifyError(event.error)}`);
  const { data } = event;
  let record: z.output<typeof trailRecord> = {};
  try {
    const parsed = trailRecord.safeParse(JSON.parse(data.CloudTrailEvent ?? '{}'));
    if (parsed.success) record = parsed.data;
  } catch {
    // An unreadable record still leaves who, what and when from the event's own fields.
  }
  return {
    eventId: data.EventId,
    eventName: data.EventName,
    eventSource: data.EventSource,
    eventTime: data.EventTime,
    username: data.Username ?? null,
    identity: { type: record.userIdentity?.type ?? null, arn: record.userIdentity?.arn ?? null, accessKeyId: data.AccessKeyId ?? record.userIdentity?.accessKeyId ?? null },
    sourceIpAddress: record.sourceIPAddress ?? null,
    resources: data.Resources.filter((r) => r.ResourceName).map((r) => ({ type: r.ResourceType ?? null, name: r.ResourceName! })),
    requestParameters: record.requestParameters ?? null,
    responseElements: record.responseElements ?? null,
    errorCode: record.errorCode ?? null,
    errorMessage: record.errorMessage ?? null,
  };
}

/**
 * Every change of the given kinds CloudTrail recorded between `start` and `end` in the client's
 * account and region, one LookupEvents listing per event name (it takes one attribute), all pages.
 */
export async function lookupChanges(client: CloudTrailClient, input: { eventNames: readonly string[]; start: Date; end: Date }, where: string): Promise<TrailChange[]> {
  const changes: TrailChange[] = [];
  try {
    for (const eventName of input.eventNames) {
      const pages = paginateLookupEvents({ client, pageSize: 50 }, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }], StartTime: input.start, EndTime: input.end });
      for await (const page of pages) for (const event of page.Events ?? []) changes.push(changeOf(event, where));
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return changes;
}
