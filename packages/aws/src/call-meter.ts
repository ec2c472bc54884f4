import { AsyncLocalStorage } from 'node:async_hooks';
import type { AwsCallCount, AwsCallTarget, AwsPacing } from '@fleet/core';
import type { CallPacer } from './call-pacer.ts';

const running = new AsyncLocalStorage<AwsCallMeter>();

/**
 * Counts the AWS calls made while a piece of work runs, whichever clients it uses: every call made
 * inside `measure` (awaited or not, as long as it starts there) lands in this meter.
 */
export class AwsCallMeter {
  private readonly counts = new Map<string, AwsCallCount>();
  private readonly paced = new Map<string, { target: AwsCallTarget; pacer: CallPacer; waitedMs: number }>();

  measure<T>(work: () => Promise<T>): Promise<T> {
    return running.run(this, work);
  }

  /** The meter of the work running now, if any. */
  static current(): AwsCallMeter | undefined {
    return running.getStore();
  }

  record(target: AwsCallTarget, api: string, outcome: { throttled: boolean }): void {
    const key = `${keyOf(target)}/${api}`;
    const count = this.counts.get(key) ?? { accountId: target.accountId, region: target.region, service: target.service, api, calls: 0, throttled: 0 };
    count.calls += 1;
    if (outcome.throttled) count.throttled += 1;
    this.counts.set(key, count);
  }

  waited(target: AwsCallTarget, pacer: CallPacer, ms: number): void {
    const key = keyOf(target);
    const entry = this.paced.get(key) ?? { target, pacer, waitedMs: 0 };
    entry.waitedMs += ms;
    this.paced.set(key, entry);
  }

  calls(): AwsCallCount[] {
    return [...this.counts.values()].map((count) => ({ ...count })).sort((a, b) => `${keyOf(a)}/${a.api}`.localeCompare(`${keyOf(b)}/${b.api}`));
  }

  pacing(): AwsPacing[] {
    return [...this.paced.values()]
      .map(({ target, pacer, waitedMs }) => ({
        accountId: target.accountId,
        region: target.region,
        service: target.service,
        ratePerSecond: round(pacer.ratePerSecond),
        fullRatePerSecond: pacer.settings.ratePerSecond,
        waitedMs: Math.round(waitedMs),
      }))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  total(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count.calls, 0);
  }
}

function keyOf(target: AwsCallTarget): string {
  return `${target.accountId}/${target.region}/${target.service}`;
}

function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}
