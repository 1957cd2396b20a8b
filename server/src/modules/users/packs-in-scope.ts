import type { Store } from '@gtcx/core';
import type { PacksService } from '../packs/index.js';

/**
 * Asks the packs module whether a scope has published packs. The import is lazy because the packs
 * module authorizes publishes by org role through this module: neither loads the other at startup.
 */
export function packsInScope(store: Store): (scope: string) => Promise<boolean> {
  let packs: Promise<PacksService> | undefined;
  return async (scope) => {
    packs ??= import('../packs/index.js').then(({ createPacksService }) => createPacksService({ store }));
    const page = await (await packs).search({ scope, limit: 1 });
    return page.items.length > 0;
  };
}
