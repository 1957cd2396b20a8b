import { GtcxError } from '../errors.js';
import type { Store, StoreConfig } from './types.js';

/**
 * Opens the store the configuration names: PostgreSQL for a postgres:// URL, otherwise the embedded
 * SQLite file. Does not migrate: the caller decides when (server start, `gtcx server migrate`).
 */
export async function openStore(config: StoreConfig = {}): Promise<Store> {
  const url = config.databaseUrl?.trim() || undefined;
  if (url !== undefined) checkScheme(url);
  // Kysely and the drivers load only when a store is opened, so importing @gtcx/core stays cheap for
  // the CLI commands that never touch one.
  const { connectStore } = await import('./store.js');
  return connectStore(config, url);
}

function checkScheme(url: string): void {
  if (/^postgres(ql)?:\/\//i.test(url)) return;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new GtcxError(
    'config_invalid',
    scheme === undefined
      ? 'DATABASE_URL has no URL scheme'
      : `DATABASE_URL scheme "${scheme}:" is not supported (only PostgreSQL is)`,
    {
      hint: 'use postgres://user:password@host:5432/database, or unset DATABASE_URL to use the embedded SQLite store',
      ...(scheme === undefined ? {} : { details: { scheme } }),
    },
  );
}
