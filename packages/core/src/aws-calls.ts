import { z } from 'zod';

/** Which AWS request bucket a call draws from: AWS keeps one per account, region and service. */
export interface AwsCallTarget {
  accountId: string;
  region: string;
  /** The signing name: ec2, autoscaling, sts. */
  service: string;
}

/** Calls one sync made to one API of one account and region, each attempt counted as AWS counts it. */
export interface AwsCallCount extends AwsCallTarget {
  /** The API action, e.g. DescribeImages. */
  api: string;
  calls: number;
  /** Of those, answered with RequestLimitExceeded or Throttling. */
  throttled: number;
}

/** How the portal paced one account's service during a sync, and where the pace stood after it. */
export interface AwsPacing extends AwsCallTarget {
  ratePerSecond: number;
  /** The pace the portal keeps when AWS does not push back. */
  fullRatePerSecond: number;
  /** Time the sync's calls spent waiting for their turn. */
  waitedMs: number;
}

const target = { accountId: z.string(), region: z.string(), service: z.string() };
export const awsCallCountsSchema = z.array(z.object({ ...target, api: z.string(), calls: z.number().int().min(0), throttled: z.number().int().min(0) }));
export const awsPacingSchema = z.array(z.object({ ...target, ratePerSecond: z.number(), fullRatePerSecond: z.number(), waitedMs: z.number() }));

/** Stored figures are read through the schemas; anything unreadable reads as none. */
export function readCallCounts(stored: unknown): AwsCallCount[] {
  const parsed = awsCallCountsSchema.safeParse(stored);
  return parsed.success ? parsed.data : [];
}

export function readPacing(stored: unknown): AwsPacing[] {
  const parsed = awsPacingSchema.safeParse(stored);
  return parsed.success ? parsed.data : [];
}

/** One source's share of an account's bill: the calls of its last run, at the pace it runs. */
export interface SourceCalls {
  calls: AwsCallCount[];
  pacing: AwsPacing[];
  /** How often the source runs now; null when it never said. */
  intervalMs: number | null;
}

export interface AccountCallRate {
  accountId: string;
  /** Calls a minute the portal spends in the account at the pace its sources run now. */
  callsPerMinute: number;
  /** The same per API, highest first. */
  apis: { service: string; api: string; callsPerMinute: number }[];
  /** Throttling answers in the sources' last runs. */
  throttled: number;
  /** Services the portal runs below its full pace, because AWS throttled them. */
  slowed: AwsPacing[];
}

/**
 * What the portal costs each account: every source's last run repeated at its interval, summed per
 * account (a source may call several: the sharing check calls each production account).
 */
export function callRatesByAccount(sources: SourceCalls[]): AccountCallRate[] {
  const accounts = new Map<string, { perApi: Map<string, { service: string; api: string; callsPerMinute: number }>; throttled: number; slowed: AwsPacing[] }>();
  const account = (id: string) => {
    let entry = accounts.get(id);
    if (!entry) {
      entry = { perApi: new Map(), throttled: 0, slowed: [] };
      accounts.set(id, entry);
    }
    return entry;
  };
  for (const source of sources) {
    const perMinute = source.intervalMs && source.intervalMs > 0 ? 60_000 / source.intervalMs : 0;
    for (const count of source.calls) {
      const entry = account(count.accountId);
      const key = `${count.service}/${count.api}`;
      const api = entry.perApi.get(key) ?? { service: count.service, api: count.api, callsPerMinute: 0 };
      api.callsPerMinute += count.calls * perMinute;
      entry.perApi.set(key, api);
      entry.throttled += count.throttled;
    }
    for (const pacing of source.pacing) {
      if (pacing.ratePerSecond < pacing.fullRatePerSecond) account(pacing.accountId).slowed.push(pacing);
    }
  }
  return [...accounts.entries()]
    .map(([accountId, entry]) => {
      const apis = [...entry.perApi.values()].map((api) => ({ ...api, callsPerMinute: round(api.callsPerMinute) })).sort((a, b) => b.callsPerMinute - a.callsPerMinute || a.api.localeCompare(b.api));
      return { accountId, callsPerMinute: round(apis.reduce((sum, api) => sum + api.callsPerMinute, 0)), apis, throttled: entry.throttled, slowed: slowest(entry.slowed) };
    })
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/** Several sources may report one service's pace; the lowest is the one that holds now. */
function slowest(paced: AwsPacing[]): AwsPacing[] {
  const byTarget = new Map<string, AwsPacing>();
  for (const p of paced) {
    const key = `${p.region}/${p.service}`;
    const known = byTarget.get(key);
    if (!known || p.ratePerSecond < known.ratePerSecond) byTarget.set(key, p);
  }
  return [...byTarget.values()];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
