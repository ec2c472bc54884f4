/** The tRPC error code of a failed query (NOT_FOUND, BAD_REQUEST, …), or '' when it has none. */
export function trpcErrorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: { code?: unknown } | null }).data;
    if (typeof data?.code === 'string') return data.code;
  }
  return '';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
