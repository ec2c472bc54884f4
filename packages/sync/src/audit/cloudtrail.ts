import { cloudTrailClientFor, FLEET_CHANGE_EVENTS, lookupChanges, type TrailChange, verifyAccount } from '@fleet/aws';
import type { AwsAccountConfig, FleetConfig } from '@fleet/core';
import { appendAuditEvent, knownCorrelationIds, listSyncSources, type NewAuditEvent, type PrismaClient, recordTagsSeenInTrail, type TrailTagging } from '@fleet/db';
import type { SyncJob } from '../job.ts';

/** CloudTrail delivers an event up to about 15 minutes after the call: each read looks back that far again. */
const DELIVERY_DELAY_MS = 20 * 60_000;

export const CLOUDTRAIL_KIND = 'cloudtrail.changes';

/** The portal's own calls are in its audit trail already, under the attempt that made them. */
function isThePortal(change: TrailChange, portalArn: string): boolean {
  return change.identity.arn === portalArn;
}

/**
 * An audit event per resource a change outside the portal touched, marked `cloudtrail`: the
 * object's history shows it, who made it (the IAM user or role session), from where, and the
 * request AWS recorded. The CloudTrail event id is its correlation id, so a second read adds nothing.
 */
export function auditEventsOf(change: TrailChange, account: AwsAccountConfig, region: string): NewAuditEvent[] {
  const targets = change.resources.length > 0 ? change.resources : [{ type: null, name: '' }];
  return targets.map((resource, index) => ({
    at: change.eventTime,
    user: change.username,
    groups: [],
    sourceAddress: change.sourceIpAddress,
    action: `aws:${change.eventName}`,
    target: resource.name || null,
    parameters: {
      account: account.id,
      region,
      eventSource: change.eventSource,
      identity: { type: change.identity.type, arn: change.identity.arn, accessKeyId: change.identity.accessKeyId },
      resourceType: resource.type,
      request: change.requestParameters,
      response: change.responseElements,
    },
    reason: null,
    outcome: change.errorCode ? 'failed' : 'succeeded',
    errorCode: change.errorCode,
    errorMessage: change.errorMessage,
    correlationId: index === 0 ? change.eventId : `${change.eventId}/${index}`,
    source: 'cloudtrail',
  }));
}

/** The commit tags a CreateTags put on AMIs (the tag key the config names). */
export function commitTaggings(change: TrailChange, commitTag: string): TrailTagging[] {
  if (change.eventName !== 'CreateTags' || change.errorCode) return [];
  const request = change.requestParameters as { tagSet?: { items?: { key?: unknown; value?: unknown }[] } } | null;
  const sha = request?.tagSet?.items?.find((tag) => tag.key === commitTag)?.value;
  if (typeof sha !== 'string' || sha === '') return [];
  return change.resources.filter((r) => r.name.startsWith('ami-')).map((r) => ({ imageId: r.name, commitSha: sha, at: change.eventTime }));
}

async function lastSuccessOf(prisma: PrismaClient, key: string): Promise<Date | null> {
  return (await listSyncSources(prisma)).find((source) => source.key === key)?.lastSuccessAt ?? null;
}

/**
 * Reads CloudTrail for changes to the fleet's groups, launch templates and AMIs: those made
 * outside the portal go into the audit trail (as `cloudtrail` events on the object's history), and
 * commit re-tags the image sync missed become lineage observations.
 */
export function cloudTrailJob(account: AwsAccountConfig, region: string, config: FleetConfig): SyncJob {
  const key = `${CLOUDTRAIL_KIND}:${account.id}:${region}`;
  const settings = config.audit.cloudTrail!;
  return {
    key,
    kind: CLOUDTRAIL_KIND,
    accountId: account.id,
    region,
    intervalMs: settings.every,
    async run({ prisma, now }) {
      const end = now();
      const previous = await lastSuccessOf(prisma, key);
      const start = previous ? new Date(previous.getTime() - DELIVERY_DELAY_MS) : new Date(end.getTime() - settings.lookBack);
      const where = `CloudTrail in account ${account.name} (${account.id}), ${region}`;
      const portal = await verifyAccount(account, region);
      const client = cloudTrailClientFor(account, region);
      let changes: TrailChange[];
      try {
        changes = await lookupChanges(client, { eventNames: FLEET_CHANGE_EVENTS, start, end }, where);
      } finally {
        client.destroy();
      }
      const outside = changes.filter((change) => !isThePortal(change, portal.arn)).sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
      const events = outside.flatMap((change) => auditEventsOf(change, account, region));
      const known = await knownCorrelationIds(prisma, events.map((e) => e.correlationId));
      const fresh = events.filter((e) => !known.has(e.correlationId));
      for (const event of fresh) await appendAuditEvent(prisma, event);
      await recordTagsSeenInTrail(prisma, changes.flatMap((change) => commitTaggings(change, config.tags.commit)));
      return { itemCount: fresh.length };
    },
  };
}
