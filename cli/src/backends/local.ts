import { openStore, type Store } from '@gtcx/core';
import type { Backend, BackendCheck, BackendStatus } from './types.js';

/** Opens (creating if needed) the store in dataDir and brings its schema up to date. */
export async function openLocalBackend(dataDir: string): Promise<Backend> {
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return new LocalBackend(store);
}

class LocalBackend implements Backend {
  readonly mode = 'local' as const;
  readonly location: string;
  #closed = false;

  constructor(private readonly store: Store) {
    this.location = store.location;
  }

  async status(): Promise<BackendStatus> {
    const checks = [await this.pingCheck(), await this.migrationsCheck()];
    return { mode: this.mode, location: this.location, ok: checks.every((c) => c.ok), checks };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.store.close();
  }

  private async pingCheck(): Promise<BackendCheck> {
    try {
      await this.store.ping();
      return { name: 'store', ok: true, detail: `${this.store.dialect} at ${this.location}` };
    } catch (error) {
      return { name: 'store', ok: false, detail: (error as Error).message };
    }
  }

  private async migrationsCheck(): Promise<BackendCheck> {
    try {
      const pending = (await this.store.migrationStatus()).filter((m) => m.appliedAt === null);
      return pending.length === 0
        ? { name: 'migrations', ok: true, detail: 'up to date' }
        : {
            name: 'migrations',
            ok: false,
            detail: `${pending.length} pending: ${pending.map((m) => `${m.module}/${m.name}`).join(', ')}`,
          };
    } catch (error) {
      return { name: 'migrations', ok: false, detail: (error as Error).message };
    }
  }
}
