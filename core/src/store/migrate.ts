import { type Kysely, sql } from 'kysely';
import { GtcxError } from '../errors.js';
import type { StoreConnection } from './connection.js';
import { timestampType } from './schema.js';
import type { CoreTables } from './tables.js';
import type { Dialect, Migration, MigrationReport, MigrationSet, MigrationStatus } from './types.js';

interface Recorded {
  module: string;
  name: string;
  appliedAt: string;
}

export interface PlannedMigration {
  module: string;
  name: string;
  migration: Migration;
}

/** Every known migration in application order: set by set, names sorted within each set. */
export function planMigrations(sets: MigrationSet[]): PlannedMigration[] {
  const seen = new Set<string>();
  const plan: PlannedMigration[] = [];
  for (const set of sets) {
    if (seen.has(set.module)) {
      throw new GtcxError('config_invalid', `migration set "${set.module}" is given twice`, {
        hint: 'pass each module’s migration set once; core’s own set is always included',
      });
    }
    seen.add(set.module);
    for (const name of Object.keys(set.migrations).sort()) {
      plan.push({ module: set.module, name, migration: set.migrations[name] as Migration });
    }
  }
  return plan;
}

/**
 * Applies what is pending, each migration in its own transaction together with its bookkeeping row,
 * so a failure leaves neither half a schema change nor a record of one.
 */
export async function runMigrations(
  connection: StoreConnection,
  plan: PlannedMigration[],
): Promise<MigrationReport> {
  const { dialect } = connection;
  return connection.withMigrationLock(async (conn) => {
    const db = conn as Kysely<CoreTables>;
    await createBookkeepingTable(db, dialect);
    refuseUnknown(await readRecorded(db), plan);
    const applied: MigrationReport['applied'] = [];
    for (const step of plan) {
      if (await applyOne(db, dialect, step)) applied.push({ module: step.module, name: step.name });
    }
    return { applied, pending: 0 };
  });
}

export async function readMigrationStatus(
  connection: StoreConnection,
  plan: PlannedMigration[],
): Promise<MigrationStatus[]> {
  const db = connection.db as Kysely<CoreTables>;
  const recorded = (await bookkeepingTableExists(db, connection.dialect)) ? await readRecorded(db) : [];
  refuseUnknown(recorded, plan);
  const appliedAt = new Map(recorded.map((row) => [key(row.module, row.name), row.appliedAt]));
  return plan.map(({ module, name }) => ({
    module,
    name,
    appliedAt: appliedAt.get(key(module, name)) ?? null,
  }));
}

async function applyOne(db: Kysely<CoreTables>, dialect: Dialect, step: PlannedMigration): Promise<boolean> {
  // SQLite: IMMEDIATE takes the write lock up front, so a second process waits (busy timeout) instead of
  // failing when it upgrades a read snapshot that the first process has moved past.
  await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(db);
  try {
    // Checked inside the transaction: another process may have applied it since we last looked.
    const done = await db
      .selectFrom('gtcx_migrations')
      .select('name')
      .where('module', '=', step.module)
      .where('name', '=', step.name)
      .executeTakeFirst();
    if (done === undefined) {
      await step.migration.up(db, dialect);
      await db
        .insertInto('gtcx_migrations')
        .values({ module: step.module, name: step.name, applied_at: new Date().toISOString() })
        .execute();
    }
    await sql`commit`.execute(db);
    return done === undefined;
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new GtcxError('internal', `migration ${step.module}/${step.name} failed: ${message}`, {
      hint: 'nothing of it was applied; fix the cause and run the migration again (gtcx server migrate)',
      details: { module: step.module, name: step.name },
      cause: error,
    });
  }
}

async function createBookkeepingTable(db: Kysely<CoreTables>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('gtcx_migrations')
    .ifNotExists()
    .addColumn('module', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('applied_at', timestampType(dialect), (col) => col.notNull())
    .addPrimaryKeyConstraint('gtcx_migrations_pkey', ['module', 'name'])
    .execute();
}

async function bookkeepingTableExists(db: Kysely<CoreTables>, dialect: Dialect): Promise<boolean> {
  const query =
    dialect === 'postgres'
      ? sql<{ found: unknown }>`select to_regclass('gtcx_migrations') as found`
      : sql<{
          found: unknown;
        }>`select name as found from sqlite_master where type = 'table' and name = 'gtcx_migrations'`;
  const { rows } = await query.execute(db);
  return rows[0]?.found != null;
}

async function readRecorded(db: Kysely<CoreTables>): Promise<Recorded[]> {
  const rows = await db.selectFrom('gtcx_migrations').select(['module', 'name', 'applied_at']).execute();
  return rows.map((row) => ({ module: row.module, name: row.name, appliedAt: row.applied_at }));
}

/**
 * A migration recorded for a module this process knows, but absent from its code, means the database
 * was migrated by a newer gtcx. Modules this process does not load (say, the server's, seen from the
 * CLI) are not its business.
 */
function refuseUnknown(recorded: Recorded[], plan: PlannedMigration[]): void {
  const modules = new Set(plan.map((step) => step.module));
  const known = new Set(plan.map((step) => key(step.module, step.name)));
  const unknown = recorded
    .filter((row) => modules.has(row.module) && !known.has(key(row.module, row.name)))
    .map((row) => key(row.module, row.name));
  if (unknown.length > 0) {
    throw new GtcxError(
      'config_invalid',
      `the database records migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} unknown to this gtcx: it was migrated by a newer version`,
      { hint: 'upgrade gtcx to the version that migrated this database', details: { unknown } },
    );
  }
}

function key(module: string, name: string): string {
  return `${module}/${name}`;
}
