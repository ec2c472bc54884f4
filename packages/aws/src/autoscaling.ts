import {
  type AutoScalingClient,
  CancelInstanceRefreshCommand,
  LifecycleState,
  paginateDescribeAutoScalingGroups,
  paginateDescribeInstanceRefreshes,
  paginateDescribeScalingActivities,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  type AsgObservation,
  instanceIdOfActivity,
  REFRESH_STATUSES,
  type RefreshObservation,
  type RefreshPreferences,
  type ScalingActivityObservation,
} from '@fleet/core';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

/**
 * Far above any real group (Auto Scaling's own quotas are in the hundreds to low thousands per
 * group): a number beyond it is a broken answer, not a big fleet.
 */
const MAX_GROUP_SIZE = 10_000;
const capacity = z.number().int().min(0).max(MAX_GROUP_SIZE);

const tags = z.array(z.object({ Key: z.string(), Value: z.string().default('') })).default([]);
const groupShape = z
  .object({
    AutoScalingGroupName: z.string(),
    AutoScalingGroupARN: z.string().default(''),
    MinSize: capacity,
    MaxSize: capacity,
    DesiredCapacity: capacity,
    CreatedTime: z.date().optional(),
    Status: z.string().optional(),
    LaunchTemplate: z
      .object({ LaunchTemplateId: z.string().optional(), LaunchTemplateName: z.string().optional(), Version: z.string().optional() })
      .optional(),
    MixedInstancesPolicy: z
      .object({
        LaunchTemplate: z
          .object({
            LaunchTemplateSpecification: z
              .object({ LaunchTemplateId: z.string().optional(), LaunchTemplateName: z.string().optional(), Version: z.string().optional() })
              .optional(),
          })
          .optional(),
      })
      .optional(),
    Instances: z
      .array(
        z.object({
          InstanceId: z.string(),
          AvailabilityZone: z.string(),
          LifecycleState: z.enum(Object.values(LifecycleState)),
          HealthStatus: z.enum(['Healthy', 'Unhealthy']),
          LaunchTemplate: z.object({ Version: z.string().optional() }).optional(),
          ProtectedFromScaleIn: z.boolean().default(false),
        }),
      )
      .max(MAX_GROUP_SIZE)
      .default([]),
    Tags: tags,
  })
  .refine((g) => g.MinSize <= g.DesiredCapacity && g.DesiredCapacity <= g.MaxSize, {
    message: 'DesiredCapacity must lie between MinSize and MaxSize',
    path: ['DesiredCapacity'],
  });

function problemsOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, where: string, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new AwsFailure('bad-response', `${where} returned ${what} that cannot be read (${problemsOf(parsed.error)})`);
}

/**
 * Reads one item of a listing. With a `refused` list, an item that cannot be read is left out and
 * named there, so one broken item does not hide the rest; without one, it fails the whole read.
 */
function parseItem<T>(schema: z.ZodType<T>, raw: unknown, where: string, what: string, refused: string[] | undefined): T | null {
  if (!refused) return parse(schema, raw, where, what);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  refused.push(`${where} returned ${what} that cannot be read, left out (${problemsOf(parsed.error)})`);
  return null;
}

function nameOf(raw: unknown, key: string): string | null {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : null;
}

export interface GroupListing {
  groups: AsgObservation[];
  /** Groups AWS described in a way that cannot be read: each left out, its last good reading kept. */
  refused: { name: string | null; problem: string }[];
}

/**
 * The named groups (every page), with their instances and launch template reference. A group
 * described with absurd numbers, unknown states or missing fields is refused alone; the others
 * are read.
 */
export async function describeGroups(client: AutoScalingClient, names: string[], where: string): Promise<GroupListing> {
  const listing: GroupListing = { groups: [], refused: [] };
  if (names.length === 0) return listing;
  const groups = listing.groups;
  try {
    // AWS takes at most 100 names per call; the paginator handles the pages of each call.
    for (let i = 0; i < names.length; i += 100) {
      const pages = paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, { AutoScalingGroupNames: names.slice(i, i + 100) });
      for await (const page of pages) {
        for (const raw of page.AutoScalingGroups ?? []) {
          const name = nameOf(raw, 'AutoScalingGroupName');
          const problems: string[] = [];
          const g = parseItem(groupShape, raw, where, `the Auto Scaling group ${name ?? '(unnamed)'}`, problems);
          if (!g) {
            listing.refused.push({ name, problem: problems.join('; ') });
            continue;
          }
          const lt = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ?? null;
          groups.push({
            name: g.AutoScalingGroupName,
            arn: g.AutoScalingGroupARN,
            minSize: g.MinSize,
            maxSize: g.MaxSize,
            desiredCapacity: g.DesiredCapacity,
            launchTemplate: lt && { id: lt.LaunchTemplateId ?? null, name: lt.LaunchTemplateName ?? null, version: lt.Version ?? null },
            tags: Object.fromEntries(g.Tags.map((t) => [t.Key, t.Value])),
            createdTime: g.CreatedTime ?? null,
            status: g.Status ?? null,
            instances: g.Instances.map((inst) => ({
              instanceId: inst.InstanceId,
              availabilityZone: inst.AvailabilityZone,
              lifecycleState: inst.LifecycleState,
              healthStatus: inst.HealthStatus,
              launchTemplateVersion: inst.LaunchTemplate?.Version ?? null,
              protectedFromScaleIn: inst.ProtectedFromScaleIn,
            })),
          });
        }
      }
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return listing;
}

const refreshShape = z.object({
  InstanceRefreshId: z.string(),
  AutoScalingGroupName: z.string(),
  Status: z.enum(REFRESH_STATUSES),
  StatusReason: z.string().optional(),
  StartTime: z.date().optional(),
  EndTime: z.date().optional(),
  PercentageComplete: z.number().min(0).max(100).optional(),
  InstancesToUpdate: capacity.optional(),
  ProgressDetails: z.record(z.string(), z.unknown()).optional(),
  Preferences: z.record(z.string(), z.unknown()).optional(),
  DesiredConfiguration: z.record(z.string(), z.unknown()).optional(),
  RollbackDetails: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The group's instance refreshes AWS still remembers (it forgets them after six weeks), newest
 * first. With `refused`, a refresh that cannot be read is left out and named there (the sync);
 * without, it fails the read (an action settling its outcome must not overlook it).
 */
export async function describeRefreshes(client: AutoScalingClient, asgName: string, where: string, limit = 50, refused?: string[]): Promise<RefreshObservation[]> {
  const refreshes: RefreshObservation[] = [];
  try {
    const pages = paginateDescribeInstanceRefreshes({ client, pageSize: 50 }, { AutoScalingGroupName: asgName });
    for await (const page of pages) {
      for (const raw of page.InstanceRefreshes ?? []) {
        const r = parseItem(refreshShape, raw, where, `the instance refresh ${nameOf(raw, 'InstanceRefreshId') ?? '(without an id)'} of ${asgName}`, refused);
        if (!r) continue;
        refreshes.push({
          id: r.InstanceRefreshId,
          asgName: r.AutoScalingGroupName,
          status: r.Status,
          statusReason: r.StatusReason ?? null,
          percentageComplete: r.PercentageComplete ?? null,
          instancesToUpdate: r.InstancesToUpdate ?? null,
          startTime: r.StartTime ?? null,
          endTime: r.EndTime ?? null,
          preferences: r.Preferences ?? {},
          desiredConfiguration: r.DesiredConfiguration ?? null,
          progressDetails: r.ProgressDetails ?? null,
          rollbackDetails: r.RollbackDetails ?? null,
        });
      }
      if (refreshes.length >= limit) break;
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return refreshes;
}

const activityShape = z.object({
  ActivityId: z.string(),
  AutoScalingGroupName: z.string(),
  Description: z.string().default(''),
  Cause: z.string().default(''),
  StartTime: z.date(),
  EndTime: z.date().optional(),
  StatusCode: z.string(),
  Progress: z.number().min(0).max(100).optional(),
});

/** A scaling activity AWS described, as the portal keeps it. */
function activityObservation(a: z.output<typeof activityShape>): ScalingActivityObservation {
  return {
    activityId: a.ActivityId,
    asgName: a.AutoScalingGroupName,
    description: a.Description,
    cause: a.Cause,
    startTime: a.StartTime,
    endTime: a.EndTime ?? null,
    statusCode: a.StatusCode,
    progress: a.Progress ?? null,
    instanceId: instanceIdOfActivity(a.Description),
  };
}

/** One scaling activity as DescribeScalingActivities and TerminateInstanceInAutoScalingGroup give it. */
export function activityOf(raw: unknown, where: string): ScalingActivityObservation {
  return activityObservation(parse(activityShape, raw, where, 'a scaling activity'));
}

/** The group's recent scaling activities, newest first, up to `limit`; `refused` as for refreshes. */
export async function describeActivities(client: AutoScalingClient, asgName: string, where: string, limit = 200, refused?: string[]): Promise<ScalingActivityObservation[]> {
  const activities: ScalingActivityObservation[] = [];
  try {
    const pages = paginateDescribeScalingActivities({ client, pageSize: 100 }, { AutoScalingGroupName: asgName });
    for await (const page of pages) {
      for (const raw of page.Activities ?? []) {
        const a = parseItem(activityShape, raw, where, `the scaling activity ${nameOf(raw, 'ActivityId') ?? '(without an id)'} of ${asgName}`, refused);
        if (a) activities.push(activityObservation(a));
      }
      if (activities.length >= limit) break;
    }
  } catch (error) {
    throw classifyAwsError(error, where);
  }
  return activities.slice(0, limit);
}

export interface StartRefreshRequest {
  asgName: string;
  launchTemplate: { id: string; version: string } | null;
  preferences: RefreshPreferences;
}

/** The Preferences StartInstanceRefresh sends for these, as AWS echoes them in DescribeInstanceRefreshes. */
export function refreshPreferencesParameters(p: RefreshPreferences) {
  return {
    MinHealthyPercentage: p.minHealthyPercentage,
    ...(p.maxHealthyPercentage !== null ? { MaxHealthyPercentage: p.maxHealthyPercentage } : {}),
    ...(p.instanceWarmupSeconds !== null ? { InstanceWarmup: p.instanceWarmupSeconds } : {}),
    ...(p.checkpointPercentages.length > 0 ? { CheckpointPercentages: p.checkpointPercentages } : {}),
    ...(p.checkpointDelaySeconds !== null ? { CheckpointDelay: p.checkpointDelaySeconds } : {}),
    SkipMatching: p.skipMatching,
    AutoRollback: p.autoRollback,
  };
}

export async function startRefresh(client: AutoScalingClient, request: StartRefreshRequest, where: string): Promise<string> {
  try {
    const result = await client.send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: request.asgName,
        Strategy: 'Rolling',
        ...(request.launchTemplate
          ? { DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: request.launchTemplate.id, Version: request.launchTemplate.version } } }
          : {}),
        Preferences: refreshPreferencesParameters(request.preferences),
      }),
    );
    if (!result.InstanceRefreshId) throw new AwsFailure('bad-response', `${where} started a refresh but returned no InstanceRefreshId`);
    return result.InstanceRefreshId;
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}

export async function cancelRefresh(client: AutoScalingClient, asgName: string, where: string): Promise<string | null> {
  try {
    return (await client.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: asgName }))).InstanceRefreshId ?? null;
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}

export async function rollbackRefresh(client: AutoScalingClient, asgName: string, where: string): Promise<string | null> {
  try {
    return (await client.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: asgName }))).InstanceRefreshId ?? null;
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}
