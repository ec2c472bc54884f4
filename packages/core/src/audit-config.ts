import { z } from 'zod';
import { durationSchema } from './duration.ts';

const retention = z.strictObject({
  /** Events older than this leave the table for an archive file (e.g. 400d). */
  keep: durationSchema,
  /** Where the archive files and their .sha256 go; relative paths resolve against the config file's folder. */
  archiveDir: z.string().min(1, 'must name a folder'),
  /** How often the retention job looks for events to archive. */
  every: durationSchema.default(3_600_000),
});

const cloudTrail = z.strictObject({
  /** How often CloudTrail LookupEvents is read for changes made to the fleet (in the portal or not). */
  every: durationSchema.default(300_000),
  /** How far back the first read goes. */
  lookBack: durationSchema.default(7 * 24 * 3_600_000),
});

/** The audit trail's upkeep (docs/configuration.md, `audit`). */
export const auditConfigSchema = z.strictObject({
  /** Off unless configured: the trail keeps every event. */
  retention: retention.optional(),
  /** Off unless configured: changes made outside the portal are not looked for. */
  cloudTrail: cloudTrail.optional(),
});

export type AuditConfig = z.output<typeof auditConfigSchema>;
export type AuditRetentionConfig = NonNullable<AuditConfig['retention']>;
