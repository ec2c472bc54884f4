export type MigrationErrorCode =
  | 'migrations-folder-invalid'
  | 'provider-mismatch'
  | 'lock-timeout'
  | 'checksum-mismatch'
  | 'failed-migration'
  | 'migration-failed';

/** A migration problem a person has to resolve; `message` says what to do. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
