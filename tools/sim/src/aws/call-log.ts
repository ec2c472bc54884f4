/** One kind of request the AWS endpoint answered: who signed it, for which region, service and action. */
export interface CallKey {
  /** Null when the request named no key the simulator knows. */
  accountId: string | null;
  region: string | null;
  /** The signing name: ec2, autoscaling, sts. */
  service: string;
  action: string;
}

export interface CallCount extends CallKey {
  /** Every request, throttled ones included: what the account's request bucket pays for. */
  calls: number;
  /** Requests answered with the service's throttling error. */
  throttled: number;
}

export type CallFilter = Partial<CallKey>;

/**
 * Every request the AWS endpoint received, counted as a proxy in front of AWS would count them,
 * so tests and benchmarks can hold the portal to exact numbers without trusting its own count.
 */
export class CallLog {
  private readonly counts = new Map<string, CallCount>();

  /** Counts one request; `throttled` when it was answered with the throttling error. */
  record(key: CallKey, throttled = false): void {
    const id = JSON.stringify([key.accountId, key.region, key.service, key.action]);
    const count = this.counts.get(id) ?? { ...key, calls: 0, throttled: 0 };
    count.calls += 1;
    if (throttled) count.throttled += 1;
    this.counts.set(id, count);
  }

  /** The counts matching every given part of the key, sorted by account, region, service and action. */
  list(filter: CallFilter = {}): CallCount[] {
    return [...this.counts.values()]
      .filter((count) => (Object.keys(filter) as (keyof CallKey)[]).every((part) => filter[part] === undefined || filter[part] === count[part]))
      .map((count) => ({ ...count }))
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  /** How many requests matched the filter. */
  total(filter: CallFilter = {}): number {
    return this.list(filter).reduce((sum, count) => sum + count.calls, 0);
  }

  /** Requests per action, e.g. `{ DescribeImages: 3 }`. */
  byAction(filter: CallFilter = {}): Record<string, number> {
    const result: Record<string, number> = {};
    for (const count of this.list(filter)) result[count.action] = (result[count.action] ?? 0) + count.calls;
    return result;
  }

  clear(): void {
    this.counts.clear();
  }
}

function sortKey(count: CallCount): string {
  return [count.accountId ?? '', count.region ?? '', count.service, count.action].join('/');
}
