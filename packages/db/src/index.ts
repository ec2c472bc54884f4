export * from './generated/prisma/client.ts';
export { type Database, type DatabaseOptions, createDatabase, getDatabase } from './database.ts';
export { type EmbeddedPostgres, type EmbeddedPostgresOptions, startEmbeddedPostgres } from './embedded-postgres.ts';
export { MIGRATION_LOCK_KEY, type MigrateOptions, type MigrateResult, migrate } from './migrations/migrate.ts';
export { MigrationError, type MigrationErrorCode } from './migrations/migration-error.ts';
export {
  type MigrationFile,
  defaultMigrationsDir,
  migrationChecksum,
  readMigrationsFolder,
} from './migrations/migrations-folder.ts';
export {
  type DbClient,
  type SyncFailure,
  type SyncSuccess,
  lastSuccessOf,
  listSyncSources,
  recordSyncFailure,
  recordSyncSuccess,
} from './sync-sources.ts';
export * from './amis.ts';
export * from './ami-sharing.ts';
export * from './infra-history.ts';
export * from './sync-lease.ts';
export * from './asgs.ts';
export * from './action-journal.ts';
export * from './action-lease.ts';
export * from './audit-trail.ts';
export * from './sessions.ts';
export { isUniqueViolation } from './json-input.ts';
export * from './nodes/node-signals.ts';
export * from './nodes/node-health-store.ts';
export * from './nodes/node-list.ts';
export * from './nodes/node-observation.ts';
export * from './nodes/node-seen.ts';
export * from './nodes/node-reads.ts';
export * from './nodes/node-facets.ts';
export * from './asg-reads.ts';
export * from './jenkins/jenkins-builds.ts';
export * from './jenkins/build-log.ts';
export * from './jenkins/housekeeping.ts';
export * from './jenkins/cloud-state.ts';
export * from './audit/attempts.ts';
export * from './audit/chain.ts';
export * from './audit/retention.ts';
export * from './audit/consequences.ts';
export * from './audit/synthetic-trail.ts';
export * from './ami-tags-in-trail.ts';
