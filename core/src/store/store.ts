import { sql, type Transaction } from 'kysely';
import { GtcxError, isGtcxError } from '../errors.js';
import type { StoreConnection } from './connection.js';
import { type PlannedMigration, planMigrations, readMigrationStatus, runMigrations } from './migrate.js';
import { coreMigrations } from './migrations/core.js';
import type { Store, StoreConfig } from './types.js';

/** Opens the dialect the (already checked) URL selects; only that dialect's driver is loaded. */
export async function connectStore(config: StoreConfig, postgresUrl: string | undefined): Promise<Store> {
  const plan = planMigrations([coreMigrations, ...(config.migrationSets ?? [])]);
  const connection =
    postgresUrl === undefined
      ? await (await import('./sqlite.js')).openSqlite(config)
      : await (await import('./postgres.js')).openPostgres(postgresUrl);
  return storeOver(connection, plan);
}

function storeOver(connection: StoreConnection, plan: PlannedMigration[]): Store {
  const { db, dialect, location } = connection;
  let closing: Promise<void> | undefined;
  return {
    dialect,
    location,
    db,
    migrate: () => runMigrations(connection, plan),
    migrationStatus: () => readMigrationStatus(connection, plan),
    async ping() {
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        if (isGtcxError(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new GtcxError(
          'store_unreachable',
          `the ${dialect} store at ${location} does not answer: ${message}`,
          {
            hint: closing
              ? 'the store was closed; open it again'
              : 'check that the database is running and reachable, then retry',
            details: { location },
            cause: error,
          },
        );
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: each module brings its own table types
    transaction: <T>(fn: (trx: Transaction<any>) => Promise<T>) => db.transaction().execute(fn),
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}
