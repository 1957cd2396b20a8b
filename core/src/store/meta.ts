import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { GtcxError } from '../errors.js';
import type { CoreTables } from './tables.js';
import type { Store } from './types.js';

const INSTALLATION_ID = 'installation_id';

/** Reads one meta value; undefined when the key was never set. db may be a transaction. */
// biome-ignore lint/suspicious/noExplicitAny: accepts any module's view of the database
export async function getMeta(db: Kysely<any>, key: string): Promise<string | undefined> {
  const row = await (db as Kysely<CoreTables>)
    .selectFrom('meta')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/** Sets one meta value, replacing any earlier one (one statement on both dialects). */
// biome-ignore lint/suspicious/noExplicitAny: accepts any module's view of the database
export async function setMeta(db: Kysely<any>, key: string, value: string): Promise<void> {
  const updatedAt = new Date().toISOString();
  await (db as Kysely<CoreTables>)
    .insertInto('meta')
    .values({ key, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
}

/**
 * This installation's id, created on first use. Insert-if-absent then read, so two processes starting
 * together agree on one id. Needs core's migrations applied.
 */
export async function ensureInstallationId(store: Store): Promise<string> {
  const db = store.db as Kysely<CoreTables>;
  await db
    .insertInto('meta')
    .values({ key: INSTALLATION_ID, value: randomUUID(), updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const id = await getMeta(db, INSTALLATION_ID);
  if (id === undefined) {
    throw new GtcxError('internal', 'the installation id was not found right after it was written', {
      hint: 'check that nothing else deletes rows from the meta table',
    });
  }
  return id;
}
