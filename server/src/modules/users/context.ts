import type { Dialect, Store } from '@gtcx/core';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AuditEventInput } from '../compliance/audit.js';
import type { UsersDb } from './tables.js';

/** The request facts an audit event carries: who, from where, which request. */
export type AuditContext = Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'>;

/** Changes made outside a request (bootstrap, `gtcx server init-admin`) have no actor or address. */
export const noAuditContext: AuditContext = { actor: null, ip: null, requestId: null };

/** What every part of the users service works with. */
export interface UsersDeps {
  store: Store;
  db: Kysely<UsersDb>;
  dialect: Dialect;
  now: () => Date;
  /** Whether any pack is published under the scope (`@acme`): an org that owns packs is not deleted. */
  scopeHasPacks: (scope: string) => Promise<boolean>;
}

/**
 * Locks the selected rows until the transaction ends on PostgreSQL, where concurrent transactions
 * run side by side; SQLite runs one writing transaction at a time, so it needs (and has) no lock.
 */
export function forUpdate<DB, TB extends keyof DB, O>(
  dialect: Dialect,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate() : query;
}

/** A unique or primary key violation on either dialect (the row was there, or a racer got there first). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The store's transaction, typed with this module's tables. */
export function inTransaction<T>(deps: UsersDeps, fn: (trx: Kysely<UsersDb>) => Promise<T>): Promise<T> {
  return deps.store.transaction((trx) => fn(trx as Kysely<UsersDb>));
}
