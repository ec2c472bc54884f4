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
