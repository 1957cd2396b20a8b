import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GtcxError } from '../errors.js';
import { gtcxDirs } from '../paths.js';
import type { StoreConnection } from './connection.js';
import { prepareDataDir } from './data-dir.js';
import { withKeyedLock } from './keyed-lock.js';
import type { StoreConfig } from './types.js';

const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating when missing) the embedded SQLite store: <dataDir>/<fileName ?? 'gtcx.db'>. */
export async function openSqlite(config: StoreConfig): Promise<StoreConnection> {
  const fileName = config.fileName ?? 'gtcx.db';
  if (fileName === ':memory:') return connect(new Database(':memory:'), ':memory:');
  if (fileName === '' || basename(fileName) !== fileName || fileName === '.' || fileName === '..') {
    throw new GtcxError('config_invalid', `SQLite file name "${fileName}" is not a plain file name`, {
      hint: 'give a file name such as gtcx.db and choose its directory with --data-dir or GTCX_DATA_DIR',
    });
  }
  const dataDir = resolve(config.dataDir ?? gtcxDirs().data);
  const file = join(dataDir, fileName);
  const undoDataDir = prepareDataDir(dataDir);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file);
    configure(sqlite);
    return await connect(sqlite, file);
  } catch (error) {
    if (sqlite?.open) sqlite.close();
    undoDataDir();
    throw openError(file, dataDir, error);
  }
}

function configure(sqlite: Database.Database): void {
  // Read before anything writes: a file that is not a database fails here, untouched.
  sqlite.prepare('select count(*) from sqlite_master').get();
  // WAL lets readers run beside the writer; the busy timeout makes a second process wait its turn.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal_mode WAL was refused (got ${String(mode)})`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
}

async function connect(sqlite: Database.Database, location: string): Promise<StoreConnection> {
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  // Kysely starts its driver lazily and its destroy() closes the file only once started: start it now.
  await sql`select 1`.execute(db);
  return {
    dialect: 'sqlite',
    location,
    db,
    // A database file allows one writer: serialise runs in this process; BEGIN IMMEDIATE and the busy
    // timeout serialise them across processes.
    withMigrationLock: (fn) =>
      location === ':memory:'
        ? db.connection().execute(fn)
        : withKeyedLock(`sqlite:${location}`, () => db.connection().execute(fn)),
  };
}

function openError(file: string, dataDir: string, error: unknown): GtcxError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const details = { file, dataDir };
  if (code === 'SQLITE_NOTADB') {
    return new GtcxError('config_invalid', `${file} is not a SQLite database`, {
      hint: `move ${file} aside, or choose another directory with --data-dir or GTCX_DATA_DIR`,
      details,
      cause: error,
    });
  }
  if (code === 'SQLITE_CORRUPT') {
    return new GtcxError('config_invalid', `${file} is a corrupt SQLite database (${message})`, {
      hint: `restore ${file} from a backup or move it aside, or choose another --data-dir / GTCX_DATA_DIR`,
      details,
      cause: error,
    });
  }
  if (isDirectory(file)) {
    return new GtcxError('config_invalid', `${file} is a directory, not a SQLite database`, {
      hint: `move ${file} aside, or choose another directory with --data-dir or GTCX_DATA_DIR`,
      details,
      cause: error,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new GtcxError('data_dir_not_writable', `cannot open ${file} for writing (${message})`, {
      hint: `fix the permissions of ${file} and ${dataDir}, or choose another directory with --data-dir or GTCX_DATA_DIR`,
      details,
      cause: error,
    });
  }
  return new GtcxError('store_unreachable', `cannot open the SQLite store ${file}: ${message}`, {
    hint: `check ${file}, or choose another directory with --data-dir or GTCX_DATA_DIR`,
    details,
    cause: error,
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
