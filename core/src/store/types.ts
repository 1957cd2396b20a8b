import type { Kysely, Transaction } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreConfig {
  /** postgres://... selects PostgreSQL; otherwise the embedded SQLite file is used. */
  databaseUrl?: string | undefined;
  /** Directory holding the SQLite file; created if missing. Ignored for PostgreSQL. */
  dataDir?: string | undefined;
  /** SQLite file name inside dataDir (default gtcx.db); ':memory:' for an in-memory store. */
  fileName?: string | undefined;
  /** Extra migration sets, e.g. the server modules'. Core's own set is always applied first. */
  migrationSets?: MigrationSet[] | undefined;
}

/** One ordered set of migrations owned by one module (core, or a server module). */
export interface MigrationSet {
  module: string;
  /** Keys sort lexically into application order, e.g. '0001_init'. */
  migrations: Record<string, Migration>;
}

export interface Migration {
  /**
   * Runs inside a transaction that also records it (do not open another). Use schema.ts's
   * timestampType/jsonType/nowDefault where the dialects differ.
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against whichever schema exists at their point in history
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

export interface MigrationStatus {
  module: string;
  name: string;
  appliedAt: string | null;
}

export interface MigrationReport {
  /** What this run applied, in order; empty when the database was up to date. */
  applied: Array<{ module: string; name: string }>;
  /** Known migrations still unapplied after the run: 0 (a failure throws instead). */
  pending: number;
}

export interface Store {
  readonly dialect: Dialect;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /**
   * The query layer. Modules cast to their own table types: store.db as Kysely<MyTables>. Reads look
   * alike on both dialects: timestamps as RFC 3339 strings, JSON columns as text, 64-bit integers
   * (count(*)) as numbers. Booleans do not: store them as integers 0/1.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each module brings its own table types
  readonly db: Kysely<any>;
  migrate(): Promise<MigrationReport>;
  migrationStatus(): Promise<MigrationStatus[]>;
  /** Resolves when a trivial query succeeds; throws GtcxError('store_unreachable') otherwise. */
  ping(): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: see db
  transaction<T>(fn: (trx: Transaction<any>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
