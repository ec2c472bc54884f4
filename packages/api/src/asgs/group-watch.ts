import { groupChangeMark, type PrismaClient } from '@fleet/db';

/**
 * One poll per watched group and process, however many pages watch it: a cheap change check every
 * `intervalMs`, and the group's detail loaded again only when the check moved. Each watcher gets
 * the latest detail at once and every later one.
 */
interface Watch<T> {
  load: () => Promise<T>;
  watchers: number;
  detail: T | null;
  error: unknown;
  version: number;
  changed: Promise<void>;
  announce: () => void;
}

export class GroupWatches<T> {
  private readonly watches = new Map<string, Watch<T>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly intervalMs = 1_000,
  ) {}

  /** The detail now and after every change; `load` is used when this call starts the watch. */
  async *watch(name: string, load: () => Promise<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
    const watch = this.join(name, load);
    const stopped = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    let seen = 0;
    try {
      while (!signal?.aborted) {
        if (watch.error !== null) throw watch.error;
        if (watch.version > seen && watch.detail !== null) {
          seen = watch.version;
          yield watch.detail;
          continue;
        }
        await Promise.race([watch.changed, stopped]);
      }
    } finally {
      watch.watchers -= 1;
    }
  }

  private join(name: string, load: () => Promise<T>): Watch<T> {
    const running = this.watches.get(name);
    if (running) {
      running.watchers += 1;
      return running;
    }
    const watch: Watch<T> = { load, watchers: 1, detail: null, error: null, version: 0, changed: Promise.resolve(), announce: () => undefined };
    const arm = () => {
      watch.changed = new Promise((resolve) => {
        watch.announce = () => {
          arm();
          resolve();
        };
      });
    };
    arm();
    this.watches.set(name, watch);
    void this.poll(name, watch);
    return watch;
  }

  private async poll(name: string, watch: Watch<T>): Promise<void> {
    let mark: string | null = null;
    while (watch.watchers > 0) {
      try {
        const now = await groupChangeMark(this.prisma, name);
        if (now !== mark) {
          watch.detail = await watch.load();
          watch.version += 1;
          mark = now;
          watch.announce();
        }
      } catch (error) {
        watch.error = error;
        watch.announce();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
    this.watches.delete(name);
  }
}

const REGISTRY = Symbol.for('@fleet/api.group-watches');

/** The process's watches over one database (the portal has one; tests have one per database). */
export function groupWatchesOf<T>(prisma: PrismaClient): GroupWatches<T> {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: WeakMap<PrismaClient, GroupWatches<unknown>> };
  const registry = (holder[REGISTRY] ??= new WeakMap());
  let watches = registry.get(prisma);
  if (!watches) {
    watches = new GroupWatches<unknown>(prisma);
    registry.set(prisma, watches);
  }
  return watches as GroupWatches<T>;
}
