export { errorCodes, GtcxError, type GtcxErrorCode, type GtcxErrorOptions, isGtcxError } from './errors.js';
export { type GtcxDirs, gtcxDirs } from './paths.js';
export { ensureInstallationId, getMeta, setMeta } from './store/meta.js';
export { coreMigrations } from './store/migrations/core.js';
export { openStore } from './store/open.js';
export { jsonType, nowDefault, timestampType } from './store/schema.js';
export type { CoreTables, JobStatus, JobsTable, MetaTable, MigrationsTable } from './store/tables.js';
export type {
  Dialect,
  Migration,
  MigrationReport,
  MigrationSet,
  MigrationStatus,
  Store,
  StoreConfig,
} from './store/types.js';
