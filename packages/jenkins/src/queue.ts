import { z } from 'zod';
import { actionsShape, type BuildCause, type GivenParameter, parseQueueParams } from './actions.ts';
import { JenkinsFailure } from './failure.ts';
import { type JenkinsTransport } from './transport.ts';

const queueItemShape = z.object({
  _class: z.string().optional(),
  id: z.number().int(),
  actions: actionsShape,
  blocked: z.boolean().default(false),
  buildable: z.boolean().default(false),
  stuck: z.boolean().default(false),
  pending: z.boolean().optional(),
  inQueueSince: z.number().optional(),
  params: z.string().nullable().optional(),
  task: z.object({ name: z.string().optional(), url: z.string().optional() }).optional(),
  why: z.string().nullable().optional(),
  /** WaitingItem: when the quiet period ends. */
  timestamp: z.number().optional(),
  /** LeftItem only. */
  cancelled: z.boolean().optional(),
  executable: z.object({ number: z.number().int(), url: z.string().optional() }).nullable().optional(),
});

export const queueShape = z.object({ items: z.array(queueItemShape).default([]) });

interface QueuedFacts {
  id: number;
  jobName: string | null;
  jobUrl: string | null;
  /** From the item's ParametersAction, or its `params` text when the actions were not sent. */
  parameters: GivenParameter[];
  causes: BuildCause[];
  inQueueSince: number | null;
  /** Jenkins's own words: "In the quiet period. Expires in 4.9 sec", "Waiting for next available executor". */
  why: string | null;
}

/** Where a queue item is, from /queue/item/<id>/api/json. */
export type QueueItemState =
  | (QueuedFacts & { state: 'waiting'; quietPeriodEndsAt: number | null })
  | (QueuedFacts & { state: 'blocked'; stuck: boolean })
  | (QueuedFacts & { state: 'buildable'; stuck: boolean; pending: boolean })
  | (QueuedFacts & { state: 'left-with-build'; build: { number: number; url: string | null } })
  /** Left the queue for an executor that has not yet created the build: ask again shortly. */
  | (QueuedFacts & { state: 'left-starting' })
  | (QueuedFacts & { state: 'cancelled' })
  /** Jenkins forgets an item about five minutes after it leaves the queue; its build, if any, is found by its parameters. */
  | { state: 'gone'; id: number };

type RawItem = z.output<typeof queueItemShape>;

function facts(raw: RawItem): QueuedFacts {
  const parameters = raw.actions.parameters.length > 0 || !raw.params ? raw.actions.parameters : parseQueueParams(raw.params);
  return {
    id: raw.id,
    jobName: raw.task?.name ?? null,
    jobUrl: raw.task?.url ?? null,
    parameters,
    causes: raw.actions.causes,
    inQueueSince: raw.inQueueSince ?? null,
    why: raw.why ?? null,
  };
}

const kindOf = (raw: RawItem) => raw._class?.slice(raw._class.lastIndexOf('$') + 1);

/** By the item's class (Queue$WaitingItem, …); older controllers sent none, and their fields tell the same. */
export function toQueueItemState(raw: RawItem): QueueItemState {
  const kind = kindOf(raw);
  const base = facts(raw);
  if (kind === 'LeftItem' || (kind === undefined && (raw.cancelled !== undefined || raw.executable !== undefined))) {
    if (raw.cancelled) return { ...base, state: 'cancelled' };
    if (raw.executable) return { ...base, state: 'left-with-build', build: { number: raw.executable.number, url: raw.executable.url ?? null } };
    return { ...base, state: 'left-starting' };
  }
  if (kind === 'WaitingItem' || (kind === undefined && raw.timestamp !== undefined)) return { ...base, state: 'waiting', quietPeriodEndsAt: raw.timestamp ?? null };
  if (kind === 'BlockedItem' || (kind === undefined && raw.blocked)) return { ...base, state: 'blocked', stuck: raw.stuck };
  return { ...base, state: 'buildable', stuck: raw.stuck, pending: raw.pending ?? false };
}

export async function readQueueItem(transport: JenkinsTransport, id: number): Promise<QueueItemState> {
  try {
    const { body } = await transport.json({ path: `/queue/item/${id}/api/json`, subject: `queue item ${id}` }, queueItemShape);
    return toQueueItemState(body);
  } catch (error) {
    if (error instanceof JenkinsFailure && error.code === 'not-found') return { state: 'gone', id };
    throw error;
  }
}

/** Every item in the queue now, with its parameters, so a caller can find its own by a unique value. */
export async function readQueue(transport: JenkinsTransport): Promise<QueueItemState[]> {
  const { body } = await transport.json({ path: '/queue/api/json', subject: 'the queue' }, queueShape);
  return body.items.map(toQueueItemState);
}
