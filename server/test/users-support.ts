import { openStore, type Store } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { Principal, Scope } from '../src/auth/principal.js';
import { complianceMigrations } from '../src/modules/compliance/migrations.js';
import { packsMigrations } from '../src/modules/packs/migrations.js';
import {
  createUsersService,
  type UserRecord,
  type UsersService,
  type UsersServiceOptions,
} from '../src/modules/users/index.js';
import { usersMigrations } from '../src/modules/users/migrations.js';
import { createTestStore } from './support/stores.js';

export interface UsersTestStore {
  store: Store;
  service: UsersService;
  dispose(): Promise<void>;
}

/**
 * A fresh store with the tables the users service touches (its own, the audit log, and the packs an
 * org may own), and a service over it.
 */
export async function createUsersTestStore(
  dialect: 'sqlite' | 'postgres',
  options: Omit<UsersServiceOptions, 'store'> = {},
): Promise<UsersTestStore> {
  const base = await createTestStore(dialect);
  const store = await openStore({
    dataDir: base.dataDir,
    databaseUrl: base.databaseUrl,
    fileName: 'server.db',
    migrationSets: [usersMigrations, complianceMigrations, packsMigrations],
  });
  await store.migrate();
  return {
    store,
    service: createUsersService({ store, ...options }),
    async dispose() {
      await store.close();
      await base.dispose();
    },
  };
}

export const userScopes: Scope[] = ['users:read', 'users:write', 'orgs:read', 'orgs:write'];

/** The principal a token for this user would resolve to; admins' tokens carry `admin`. */
export function principalOf(
  user: UserRecord,
  scopes: Scope[] = user.admin ? ['admin'] : userScopes,
): Principal {
  return {
    kind: user.kind,
    id: user.id,
    subject: user.username,
    admin: user.admin,
    scopes,
    packScopes: [],
    authMethod: 'personalAccessToken',
    tokenId: `test-${user.username}`,
  };
}

export const testPassword = 'correct horse battery staple';

export interface AuditRow {
  actor: string | null;
  actor_type: string;
  action: string;
  target: string | null;
  org: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  details: string;
}

export async function auditEvents(store: Store, action?: string): Promise<AuditRow[]> {
  let query = (store.db as Kysely<{ audit_events: AuditRow & { seq: number } }>)
    .selectFrom('audit_events')
    .select(['actor', 'actor_type', 'action', 'target', 'org', 'outcome', 'ip', 'request_id', 'details']);
  if (action !== undefined) query = query.where('action', '=', action);
  return query.orderBy('seq').execute();
}

/** The error a promise rejects with, for asserting its code and message. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected the promise to reject');
}
