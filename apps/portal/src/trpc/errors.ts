/** The tRPC error code of a failed query (NOT_FOUND, BAD_REQUEST, …), or '' when it has none. */
export function trpcErrorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: { code?: unknown } | null }).data;
    if (typeof data?.code === 'string') return data.code;
  }
  return '';
}

/**
 * An error as a person reads it: Prisma prefixes its messages with the invocation that failed
 * ("Invalid `prisma.ami.findMany()` invocation:"), which says nothing to someone using the portal.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Invalid `prisma\..*` invocation:?$/.test(line));
  return lines.join(' ') || 'unknown error';
}
