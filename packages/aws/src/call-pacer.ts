import type { AwsCallTarget } from '@fleet/core';

export interface PacerSettings {
  /** Calls that may go at once after a quiet spell. */
  burst: number;
  /** The pace the portal keeps when AWS does not push back. */
  ratePerSecond: number;
  /** However often AWS throttles, the portal still tries this often. */
  minRatePerSecond: number;
  /** Each call that goes through gives back this share of the full pace. */
  recoveryShare: number;
}

/**
 * The portal's own shares of AWS's buckets. EC2 refills an account's Describe bucket at 20 calls a
 * second for everything that runs there (Terraform, the EC2 Fleet plugin, Prometheus, people);
 * Auto Scaling has one bucket for all its APIs and publishes no figure. The portal keeps to half
 * of EC2's refill, a quarter for Auto Scaling, and halves its pace each time AWS says it is too much.
 */
export const DEFAULT_PACING: Record<string, PacerSettings> = {
  ec2: { burst: 50, ratePerSecond: 10, minRatePerSecond: 0.2, recoveryShare: 1 / 8 },
  autoscaling: { burst: 40, ratePerSecond: 5, minRatePerSecond: 0.2, recoveryShare: 1 / 8 },
  sts: { burst: 10, ratePerSecond: 2, minRatePerSecond: 0.2, recoveryShare: 1 / 8 },
};

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket in front of one of AWS's: calls spend tokens that refill at the current pace;
 * a throttling answer halves the pace and empties the bucket, every call that goes through
 * raises the pace again by a fixed share, so the portal backs off at once and recovers over a
 * handful of calls. Calls that find the bucket empty wait their turn, in order.
 */
export class CallPacer {
  private tokens: number;
  private rate: number;
  private refilledAt: number;
  private throttledCount = 0;

  constructor(
    readonly settings: PacerSettings,
    private readonly clock: PacerClock = realClock,
  ) {
    this.tokens = settings.burst;
    this.rate = settings.ratePerSecond;
    this.refilledAt = clock.now();
  }

  /** Waits for this call's turn; returns how long it waited, in ms. */
  async take(): Promise<number> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const waitMs = Math.ceil((-this.tokens / this.rate) * 1000);
    await this.clock.sleep(waitMs);
    return waitMs;
  }

  /** AWS said RequestLimitExceeded or Throttling: the bucket AWS keeps for everyone is empty. */
  throttled(): void {
    this.refill();
    this.throttledCount += 1;
    this.rate = Math.max(this.settings.minRatePerSecond, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  succeeded(): void {
    this.refill();
    this.rate = Math.min(this.settings.ratePerSecond, this.rate + this.settings.ratePerSecond * this.settings.recoveryShare);
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  /** Throttling answers since the process started. */
  get throttledTotal(): number {
    return this.throttledCount;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.settings.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }
}

/** One pacer per account, region and service, shared by every client of this process that calls there. */
export class CallPacers {
  private readonly pacers = new Map<string, CallPacer>();

  constructor(
    private readonly settings: Record<string, PacerSettings> = DEFAULT_PACING,
    private readonly clock: PacerClock = realClock,
  ) {}

  for(target: AwsCallTarget): CallPacer {
    const key = `${target.accountId}/${target.region}/${target.service}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new CallPacer(this.settings[target.service] ?? DEFAULT_PACING.ec2!, this.clock);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}

/** The pacers of this process: every job and action that calls one account shares its pace. */
export const processPacers = new CallPacers();
