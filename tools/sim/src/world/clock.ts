/**
 * The world's time: a source (the wall clock, or a fixed instant in tests) plus whatever has been
 * skipped ahead. Every part of the simulator reads this one clock, so sessions expire, refreshes
 * move and timestamps agree with each other.
 */
export class SimClock {
  private skippedMs = 0;

  constructor(private readonly source: () => Date = () => new Date()) {}

  readonly now = (): Date => new Date(this.source().getTime() + this.skippedMs);

  skip(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`time only moves forward; cannot skip ${ms} ms`);
    this.skippedMs += ms;
  }
}

/**
 * Work due at an instant, run in time order. Each task runs with its own due time, so a long jump
 * of the clock gives the same history as many short steps.
 */
export class Timeline {
  private tasks: { at: number; seq: number; run: (at: Date) => void }[] = [];
  private seq = 0;

  schedule(at: Date, run: (at: Date) => void): void {
    this.tasks.push({ at: at.getTime(), seq: this.seq, run });
    this.seq += 1;
  }

  /** Runs everything due by `until`, including what those tasks schedule on the way. */
  runUntil(until: Date): void {
    const limit = until.getTime();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > limit) return;
      this.tasks = this.tasks.filter((task) => task !== next);
      next.run(new Date(next.at));
    }
  }

  nextAt(): Date | undefined {
    const next = this.earliest();
    return next ? new Date(next.at) : undefined;
  }

  private earliest() {
    let best: (typeof this.tasks)[number] | undefined;
    for (const task of this.tasks) {
      if (!best || task.at < best.at || (task.at === best.at && task.seq < best.seq)) best = task;
    }
    return best;
  }
}
