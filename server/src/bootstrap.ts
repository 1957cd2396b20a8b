import type { Store } from '@gtcx/core';
import type { ServerConfig } from './config.js';
import { createPersonalAccessToken } from './modules/auth/index.js';
import { type BootstrapOutcome, bootstrapAdmin, createUsersService } from './modules/users/index.js';

interface BootstrapLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * First start: the first admin from GTCX_ADMIN_*, and with GTCX_ADMIN_TOKEN a never-expiring
 * `admin`-scoped personal access token with that value, so automation gets in without a password.
 * Both only on the start that creates the admin: a revoked bootstrap token never comes back.
 */
export async function bootstrapServer(options: {
  store: Store;
  config: ServerConfig;
  log: BootstrapLog;
}): Promise<BootstrapOutcome> {
  const { store, config, log } = options;
  const outcome = await bootstrapAdmin({ store, admin: config.bootstrapAdmin, log });
  if (outcome !== 'created' || config.adminToken === undefined || config.bootstrapAdmin === undefined) {
    return outcome;
  }
  const admin = await createUsersService({ store }).getUserByName(config.bootstrapAdmin.username);
  if (admin === undefined) return outcome;
  await createPersonalAccessToken(store.db, {
    userId: admin.id,
    name: 'bootstrap (GTCX_ADMIN_TOKEN)',
    scopes: ['admin'],
    expiresAt: null,
    secret: config.adminToken,
  });
  log.info(
    { username: admin.username },
    'gave the first admin the personal access token in GTCX_ADMIN_TOKEN (revoke it with gtcx tokens revoke once you have your own)',
  );
  return outcome;
}
