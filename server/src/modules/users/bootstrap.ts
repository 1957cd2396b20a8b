import { isGtcxError, type Store } from '@gtcx/core';
import type { ServerConfig } from '../../config.js';
import { createUsersService } from './service.js';

/** What bootstrap writes to: the server's pino logger fits. */
export interface BootstrapLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface BootstrapAdminOptions {
  /** Migrated. */
  store: Store;
  /** GTCX_ADMIN_USERNAME / _PASSWORD / _EMAIL, as config.ts parsed them. */
  admin: ServerConfig['bootstrapAdmin'];
  log: BootstrapLog;
  now?: () => Date;
}

/**
 * `created`: this start made the first admin. `present`: an admin exists (perhaps made by another
 * replica starting at the same time). `absent`: there is still none, and the log says how to make one.
 */
export type BootstrapOutcome = 'created' | 'present' | 'absent';

/**
 * A fresh server has no admin and no default password. On each start without an admin this creates
 * the one GTCX_ADMIN_* describes, or warns how to create one; once one exists, the variables are
 * ignored (and the log says so, since they hold a password that is better removed).
 */
export async function bootstrapAdmin(options: BootstrapAdminOptions): Promise<BootstrapOutcome> {
  const { admin, log } = options;
  const users = createUsersService({ store: options.store, ...(options.now ? { now: options.now } : {}) });
  if ((await users.countAdmins()) > 0) {
    if (admin !== undefined) {
      log.info(
        { username: admin.username },
        'the GTCX_ADMIN_* settings are ignored: this server already has an admin (remove them from the environment)',
      );
    }
    return 'present';
  }
  if (admin === undefined) {
    log.warn(
      {},
      'this server has no admin yet: create one with `gtcx server init-admin --username <name>` (same data dir or --database-url as the server), or start the server once with GTCX_ADMIN_USERNAME and GTCX_ADMIN_PASSWORD (or GTCX_ADMIN_TOKEN) set',
    );
    return 'absent';
  }
  try {
    await users.createUser({
      username: admin.username,
      password: admin.password,
      email: admin.email,
      admin: true,
    });
    log.info(
      { username: admin.username },
      `created the first admin, "${admin.username}", from the GTCX_ADMIN_* settings`,
    );
    return 'created';
  } catch (error) {
    if (!isGtcxError(error) || error.code !== 'conflict') throw error;
    // Another replica starting at the same moment made it first.
    if ((await users.countAdmins()) > 0) return 'present';
    log.warn(
      { username: admin.username },
      `no admin was created: GTCX_ADMIN_USERNAME names the existing user "${admin.username}", who is not an admin; set it to a new username`,
    );
    return 'absent';
  }
}
