/** The systems the portal reads and acts on. */
export type SourceName = 'aws' | 'jenkins' | 'prometheus';

/**
 * Why a call to a source failed: a stable code for programs (the sync records it, the guard reads
 * whether anything changed from it) and a sentence a person can act on. Each adapter names its own
 * codes and adds what only it knows (AWS's error code).
 */
export class SourceFailure<Code extends string = string> extends Error {
  constructor(
    readonly source: SourceName,
    readonly code: Code,
    message: string,
    /** The HTTP status the source answered with, when it answered. */
    readonly status: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
