import { z } from 'zod';

/** Every answer of /api/v1: `data` when it worked, `errorType`/`error` when not, `warnings` either way. */
export const envelopeShape = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/** Go's float formatting: specials are words, and JSON has no number for them. */
const SPECIAL_VALUES: Record<string, number> = { NaN: Number.NaN, '+Inf': Number.POSITIVE_INFINITY, '-Inf': Number.NEGATIVE_INFINITY };

const floatText = z.string().transform((text, context) => {
  const special = SPECIAL_VALUES[text];
  if (special !== undefined) return special;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(value)) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a sample value` });
    return z.NEVER;
  }
  return value;
});

export interface Sample {
  /** Unix seconds, with milliseconds as decimals. */
  time: number;
  /** NaN, Infinity and -Infinity where Prometheus says "NaN", "+Inf" and "-Inf". */
  value: number;
}

/** `[unixSeconds, "value"]`, as every result type writes a sample. */
const sampleShape = z.tuple([z.number(), floatText]).transform(([time, value]): Sample => ({ time, value }));

const labelsShape = z.record(z.string(), z.string());

const instantSeriesShape = z.object({ metric: labelsShape, value: sampleShape });
const rangeSeriesShape = z.object({ metric: labelsShape, values: z.array(sampleShape) });

export type Labels = z.output<typeof labelsShape>;
export type InstantSeries = z.output<typeof instantSeriesShape>;
export type RangeSeries = z.output<typeof rangeSeriesShape>;

export const instantResultShape = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(instantSeriesShape) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(rangeSeriesShape) }),
  z.object({ resultType: z.literal('scalar'), result: sampleShape }),
  z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]).transform(([time, value]) => ({ time, value })) }),
]);

/** What an instant query gives, by the type of its expression. */
export type InstantResult = z.output<typeof instantResultShape>;

export const rangeResultShape = z.object({ resultType: z.literal('matrix'), result: z.array(rangeSeriesShape) });

/** Go's zero time: what Prometheus reports as the last scrape of a target it never scraped. */
const NEVER = /^0001-01-01T00:00:00/;

const activeTargetShape = z
  .object({
    discoveredLabels: labelsShape,
    labels: labelsShape,
    scrapePool: z.string(),
    scrapeUrl: z.string(),
    globalUrl: z.string().optional(),
    lastError: z.string(),
    lastScrape: z.string(),
    lastScrapeDuration: z.number().optional(),
    health: z.enum(['up', 'down', 'unknown']),
  })
  .transform((target) => ({
    ...target,
    lastError: target.lastError === '' ? null : target.lastError,
    lastScrape: NEVER.test(target.lastScrape) || Number.isNaN(Date.parse(target.lastScrape)) ? null : new Date(target.lastScrape),
  }));

/** A target Prometheus scrapes, with its labels after relabelling; lastError and lastScrape are null until there is one. */
export type ActiveTarget = z.output<typeof activeTargetShape>;

export const targetsShape = z.object({ activeTargets: z.array(activeTargetShape) });

export const buildInfoShape = z.object({
  version: z.string(),
  revision: z.string(),
  branch: z.string(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string(),
});

export type BuildInfo = z.output<typeof buildInfoShape>;
