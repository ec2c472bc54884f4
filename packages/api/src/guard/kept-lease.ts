import { ACTION_LEASE_MS, type ActionLease, leaseFor, renewActionLease, type PrismaClient } from '@fleet/db';

/**
 * The lease a process holds on a journal row while it executes or reconciles it, renewed on a
 * timer until the work is done: if the process dies the renewals stop, and within seconds the row
 * is free for a reconciler (and a request waiting on its target) to settle.
 */
export class KeptLease {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly journalId: string,
    readonly owner: string,
    private readonly now: () => Date,
  ) {}

  /** The lease as of now, for the write that takes it. */
  current(): ActionLease {
    return leaseFor(this.owner, this.now());
  }

  /** Renews the lease until `work` is done, whatever it returns or throws. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.timer = setInterval(() => void renewActionLease(this.prisma, this.journalId, this.current()).catch(() => false), ACTION_LEASE_MS / 4);
    this.timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
