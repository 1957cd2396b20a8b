import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of core's own tables. Timestamps are written and read as RFC 3339 strings on both
 * dialects (the PostgreSQL pool parses timestamptz to strings; see postgres.ts), JSON columns as text.
 */
export interface CoreTables {
  gtcx_migrations: MigrationsTable;
  meta: MetaTable;
  jobs: JobsTable;
}

export interface MigrationsTable {
  module: string;
  name: string;
  applied_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
  updated_at: ColumnType<string, string | undefined, string>;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  queue: string;
  /** JSON text: JSON.stringify on write, JSON.parse on read, whichever the dialect. */
  payload: string;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  run_at: ColumnType<string, string | undefined, string>;
  attempts: Generated<number>;
  locked_by: string | null;
  locked_until: string | null;
  created_at: ColumnType<string, string | undefined, never>;
}
