import type { OperationNodeSource, RawNode } from 'kysely';
import type { Dialect } from './types.js';

/**
 * The few places where one schema definition must differ by dialect. Migrations of every module use
 * these so a table reads the same on SQLite and PostgreSQL.
 */

/** timestamptz on PostgreSQL; RFC 3339 text on SQLite (sorts correctly as text). */
export function timestampType(dialect: Dialect): 'timestamptz' | 'text' {
  return dialect === 'postgres' ? 'timestamptz' : 'text';
}

/** jsonb on PostgreSQL (queryable, validated); text on SQLite. Either way the value is JSON text. */
export function jsonType(dialect: Dialect): 'jsonb' | 'text' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

/**
 * A column default of "now" in the same RFC 3339 shape that Date.toISOString() writes; pass it to
 * defaultTo(). Built as Kysely's public RawNode rather than with the sql tag so that importing
 * @gtcx/core does not load Kysely (a fifth of a second) on CLI paths that never open a store.
 */
export function nowDefault(dialect: Dialect): OperationNodeSource {
  const text = dialect === 'postgres' ? 'now()' : "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
  const node: RawNode = Object.freeze({
    kind: 'RawNode',
    sqlFragments: Object.freeze([text]),
    parameters: [],
  });
  return { toOperationNode: () => node };
}
