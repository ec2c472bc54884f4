import { AUDIT_OUTCOMES, personText } from '@fleet/core';
import type { AttemptFilter } from '@fleet/db';
import { z } from 'zod';

const instant = z.iso.datetime({ offset: true, error: 'must be a time such as 2026-12-01T09:00:00Z' }).transform((text) => new Date(text));

/** What a reviewer narrows the trail to, as the page's address and the export carry it. */
export const auditFilterInput = z.strictObject({
  user: personText(200, 1).optional(),
  action: personText(200, 1).optional(),
  target: personText(255, 1).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: `must be one of ${AUDIT_OUTCOMES.join(', ')}` }).optional(),
  source: z.enum(['portal', 'cloudtrail'], { error: 'must be portal or cloudtrail' }).optional(),
  correlationId: personText(64, 1).optional(),
  from: instant.optional(),
  to: instant.optional(),
  search: personText(200).optional(),
  includeNoise: z.boolean().optional(),
});

export type AuditFilterInput = z.output<typeof auditFilterInput>;

/** Only the fields that are set: the repository reads `undefined` as "any". */
export function attemptFilterOf(input: AuditFilterInput): AttemptFilter {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as AttemptFilter;
}

/** The filter from an address's query (`/api/audit/export?user=ada&outcome=failed`), validated like the page's. */
export function auditFilterFromQuery(params: URLSearchParams) {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(auditFilterInput.shape)) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = key === 'includeNoise' ? value === 'true' : value;
  }
  return auditFilterInput.safeParse(raw);
}
