import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { GtcxError } from '../errors.js';
import type { StoreConnection } from './connection.js';
import { postgresUnreachable } from './postgres-errors.js';

const CONNECT_TIMEOUT_MS = 5000;
/** Session advisory lock key for migration runs ('gtcx' in ASCII); advisory locks are per database. */
const MIGRATION_LOCK_KEY = 0x67746378;

/**
 * Connects once before returning, so a wrong DATABASE_URL fails at start-up with a clear error rather
 * than on the first request; on failure the pool is ended and nothing is left open.
 */
export async function openPostgres(databaseUrl: string): Promise<StoreConnection> {
  const target = parseUrl(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'gtcx',
    types: { getTypeParser },
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that would crash the
  // process. The pool drops the client, and the next query (or ping) reports the problem.
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    // Through Kysely, not the pool: Kysely starts its driver lazily and its destroy() ends the pool
    // only once started, so close() must find it started.
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw postgresUnreachable(target, error, CONNECT_TIMEOUT_MS);
  }
  return {
    dialect: 'postgres',
    location: target.location,
    db,
    withMigrationLock: (fn) =>
      db.connection().execute(async (conn) => {
        // Several replicas starting at once: the first migrates, the others wait here, then find
        // nothing left to apply. The lock is released on unlock or when the session ends.
        await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
        try {
          return await fn(conn);
        } finally {
          await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn).catch(() => {});
        }
      }),
  };
}

export interface PostgresTarget {
  /** The URL without its password, safe to print. */
  location: string;
  host: string;
  port: string;
  database: string;
  user: string;
}

function parseUrl(databaseUrl: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new GtcxError('config_invalid', 'DATABASE_URL is not a valid URL', {
      hint: 'use postgres://user:password@host:5432/database (percent-encode special characters in the password)',
      cause: error,
    });
  }
  url.password = '';
  url.searchParams.delete('password');
  return {
    location: url.toString(),
    host: url.hostname || url.searchParams.get('host') || 'localhost',
    port: url.port || '5432',
    database: decode(url.pathname.replace(/^\//, '')) || decode(url.username),
    user: decode(url.username) || 'the default user',
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * One query layer for both dialects: read timestamptz as RFC 3339 strings (SQLite stores them as such
 * text), JSON as its text (SQLite has no JSON type), and 64-bit integers such as count(*) as numbers
 * (as better-sqlite3 does).
 */
function getTypeParser(oid: number, format?: 'text' | 'binary') {
  const { builtins, getTypeParser: builtin } = pg.types;
  switch (oid) {
    case builtins.TIMESTAMPTZ: {
      const parse = builtin(oid, 'text');
      return (value: string) => {
        const parsed: unknown = parse(value);
        return parsed instanceof Date ? parsed.toISOString() : value;
      };
    }
    case builtins.JSON:
    case builtins.JSONB:
      return (value: string) => value;
    case builtins.INT8:
      return (value: string) => Number(value);
    default:
      return format === 'binary' ? builtin(oid, 'binary') : builtin(oid, 'text');
  }
}
