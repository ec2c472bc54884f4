import type { RefreshRecord, ScalingActivity } from './types';

export type ActivityKind = 'launch' | 'terminate' | 'other';

export interface TimelineStep {
  kind: ActivityKind;
  statusCode: string;
  description: string;
  cause: string;
  startTime: Date;
  endTime: Date | null;
}

export type InstanceRole = 'launched' | 'terminated' | 'launched and terminated' | 'failed' | 'other';

export interface InstanceTimeline {
  /** The instance id, or the activity's when a failed launch never got an instance. */
  key: string;
  instanceId: string | null;
  steps: TimelineStep[];
  role: InstanceRole;
  /** When, within the refresh, the instance existed: from its launch (or the start) to its termination (or the end). */
  aliveFrom: Date;
  aliveUntil: Date;
  /** The end of its launch activity, while it booted and warmed up; null when it was not launched within the refresh. */
  bootedAt: Date | null;
}

export interface ReplacementTimeline {
  windowStart: Date;
  windowEnd: Date;
  instances: InstanceTimeline[];
}

const failed = (step: TimelineStep) => step.statusCode === 'Failed' || step.statusCode === 'Cancelled';

function roleOf(steps: TimelineStep[], launch: TimelineStep | undefined, terminate: TimelineStep | undefined): InstanceRole {
  if (steps.some(failed)) return 'failed';
  if (launch && terminate) return 'launched and terminated';
  return launch ? 'launched' : terminate ? 'terminated' : 'other';
}

function kindOf(description: string): ActivityKind {
  if (/^launching\b/i.test(description)) return 'launch';
  if (/^terminating\b/i.test(description)) return 'terminate';
  return 'other';
}

/**
 * The group's scaling activities between the refresh's start and end (or now), grouped per
 * instance and in time order: which instances it took out and which it launched instead.
 */
export function replacementTimeline(refresh: RefreshRecord, activities: readonly ScalingActivity[], nowMs: number): ReplacementTimeline | null {
  if (!refresh.startTime) return null;
  const windowStart = refresh.startTime;
  const windowEnd = refresh.endTime ?? new Date(nowMs);
  const within = activities
    .filter((a) => a.startTime.getTime() >= windowStart.getTime() && a.startTime.getTime() <= windowEnd.getTime())
    .sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const steps = new Map<string, { instanceId: string | null; steps: TimelineStep[] }>();
  for (const a of within) {
    const key = a.instanceId ?? a.activityId;
    const entry = steps.get(key) ?? { instanceId: a.instanceId, steps: [] };
    entry.steps.push({ kind: kindOf(a.description), statusCode: a.statusCode, description: a.description, cause: a.cause, startTime: a.startTime, endTime: a.endTime });
    steps.set(key, entry);
  }
  // Map order is insertion order: instances come in the order the refresh first touched them.
  const instances = [...steps].map(([key, entry]): InstanceTimeline => {
    const launch = entry.steps.find((s) => s.kind === 'launch');
    const terminate = entry.steps.find((s) => s.kind === 'terminate');
    return {
      key,
      instanceId: entry.instanceId,
      steps: entry.steps,
      role: roleOf(entry.steps, launch, terminate),
      aliveFrom: launch?.startTime ?? windowStart,
      aliveUntil: terminate ? (terminate.endTime ?? terminate.startTime) : windowEnd,
      bootedAt: launch ? (launch.endTime ?? windowEnd) : null,
    };
  });
  return { windowStart, windowEnd, instances };
}
