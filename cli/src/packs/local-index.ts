import { openStore, type Store } from '@gtcx/core';

/**
 * The local store (gtcx.db in the data dir) with core's migrations applied, which include the
 * installed_packs index; the local backend opens it the same way. Closed by the caller.
 */
export async function openLocalIndex(dataDir: string): Promise<Store> {
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export async function withLocalIndex<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openLocalIndex(dataDir);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
