import type { Kysely } from 'kysely';
import type { Dialect } from './types.js';

/** What a dialect opener hands to the store: an open query layer and its way of serialising migrations. */
export interface StoreConnection {
  readonly dialect: Dialect;
  readonly location: string;
  // biome-ignore lint/suspicious/noExplicitAny: each module brings its own table types
  readonly db: Kysely<any>;
  /** Runs fn on one dedicated connection while no other migration run on the same database can. */
  // biome-ignore lint/suspicious/noExplicitAny: see db
  withMigrationLock<T>(fn: (conn: Kysely<any>) => Promise<T>): Promise<T>;
}
