import { type JenkinsBuild, type ParameterValue } from './build.ts';
import { type Cause } from './causes.ts';
import { type Job } from './job.ts';

/**
 * Where an item is in Jenkins's queue: `waiting` out its quiet period (Queue$WaitingItem),
 * `blocked` behind a running build of its job (Queue$BlockedItem), `buildable` but without an
 * executor (Queue$BuildableItem), or `left`: started or cancelled (Queue$LeftItem).
 */
export type QueueState = 'waiting' | 'blocked' | 'buildable' | 'left';

export interface QueueItem {
  readonly id: number;
  readonly job: Job;
  readonly causes: Cause[];
  readonly parameters: ParameterValue[] | undefined;
  readonly inQueueSince: number;
  /** When the quiet period ends. */
  dueAt: number;
  state: QueueState;
  buildableSince: number | undefined;
  leftAt: number | undefined;
  cancelled: boolean;
  build: JenkinsBuild | undefined;
}

/** Queue.leftItems is a cache whose entries expire five minutes after they are written. */
export const LEFT_ITEM_RETENTION_MS = 5 * 60_000;

/** Jenkins's build queue: ids that only grow, duplicates folded into the item already waiting. */
export class JenkinsQueue {
  private readonly items = new Map<number, QueueItem>();

  constructor(private nextId = 1) {}

  /** A fresh id, never given before; builds started outside the queue take one too. */
  newId(): number {
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }

  /**
   * Queue.schedule2: a new waiting item, unless an item of the job with the same parameters is
   * still in the queue (ParametersAction.shouldSchedule), which is then the answer.
   */
  enqueue(job: Job, causes: Cause[], parameters: ParameterValue[] | undefined, now: number, quietMs: number): { created: boolean; item: QueueItem } {
    const existing = this.pending().find((item) => item.job === job && sameParameters(item.parameters, parameters));
    if (existing) {
      if (existing.state === 'waiting') existing.dueAt = Math.min(existing.dueAt, now + quietMs);
      return { created: false, item: existing };
    }
    const item: QueueItem = {
      id: this.newId(),
      job,
      causes,
      parameters,
      inQueueSince: now,
      dueAt: now + quietMs,
      state: 'waiting',
      buildableSince: undefined,
      leftAt: undefined,
      cancelled: false,
      build: undefined,
    };
    this.items.set(item.id, item);
    return { created: true, item };
  }

  /** Queue.getItems's order: waiting, then blocked, then buildable with the next to start last. */
  pending(): QueueItem[] {
    const all = [...this.items.values()];
    const inState = (state: QueueState) => all.filter((item) => item.state === state);
    return [...inState('waiting').sort((a, b) => a.dueAt - b.dueAt || a.id - b.id), ...inState('blocked'), ...inState('buildable').reverse()];
  }

  /** An item by id, as Queue.getItem finds it: left items only within their five minutes. */
  item(id: number, now: number): QueueItem | undefined {
    const item = this.items.get(id);
    if (item?.state === 'left' && (item.leftAt ?? 0) + LEFT_ITEM_RETENTION_MS <= now) {
      this.items.delete(id);
      return undefined;
    }
    return item;
  }

  leave(item: QueueItem, at: number, build: JenkinsBuild | undefined): void {
    item.state = 'left';
    item.leftAt = at;
    item.build = build;
    item.cancelled = build === undefined;
  }

  /** The earliest instant a waiting item's quiet period ends. */
  nextDue(): number | undefined {
    const due = this.pending().filter((item) => item.state === 'waiting').map((item) => item.dueAt);
    return due.length > 0 ? Math.min(...due) : undefined;
  }
}

function sameParameters(a: ParameterValue[] | undefined, b: ParameterValue[] | undefined): boolean {
  const key = (values: ParameterValue[] | undefined) => (values ?? []).map((value) => `${value.name}=${value.value}`).sort().join('\n');
  return key(a) === key(b);
}
