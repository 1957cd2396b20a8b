import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@gtcx/core';
import { createTestDatabase } from '../../../core/test/support/postgres.js';
import { moduleMigrationSets } from '../../src/modules/index.js';

export interface TestStore {
  store: Store;
  /** dataDir (SQLite) or databaseUrl (PostgreSQL), as a ServerConfig would carry them. */
  dataDir: string;
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** A store with every module's tables, in a fresh temporary directory or a fresh PostgreSQL database. */
export async function createTestStore(dialect: 'sqlite' | 'postgres'): Promise<TestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gtcx-server-test-'));
  const database = dialect === 'postgres' ? await createTestDatabase() : undefined;
  const store = await openStore({
    dataDir,
    databaseUrl: database?.url,
    fileName: 'server.db',
    migrationSets: moduleMigrationSets(),
  });
  await store.migrate();
  return {
    store,
    dataDir,
    databaseUrl: database?.url,
    async dispose() {
      await store.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
