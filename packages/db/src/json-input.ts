import type { JsonValue } from '@fleet/core';
import { Prisma } from './generated/prisma/client.ts';

/** A JSON value as Prisma writes it: a top-level null must be the JSON null, not SQL NULL. */
export function jsonInput(value: JsonValue): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null ? Prisma.JsonNull : value;
}

/** Whether a write failed on a unique constraint (PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * A JSON text that does not depend on key order, so a value read back from a jsonb column (which
 * orders keys its own way) compares equal to the value that was written. Dates compare as ISO text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(JSON.parse(JSON.stringify(value ?? null)) as unknown));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedKeys(v)]));
}
