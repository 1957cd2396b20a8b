import { openStore, type Store } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { Principal, Scope } from '../../src/auth/principal.js';
import type { ServerConfig } from '../../src/config.js';
import { createPersonalAccessToken } from '../../src/modules/auth/index.js';
import { moduleMigrationSets } from '../../src/modules/index.js';
import { createUsersService } from '../../src/modules/users/index.js';
import { testConfig } from './config.js';
import { createTestStore } from './stores.js';

export interface ServerTestStore {
  store: Store;
  /** The test configuration for this store (port 0, silent log). */
  config: ServerConfig;
  dispose(): Promise<void>;
}

/** A fresh store (temporary SQLite file or PostgreSQL database) migrated with every module's tables. */
export async function createServerTestStore(dialect: 'sqlite' | 'postgres'): Promise<ServerTestStore> {
  const base = await createTestStore(dialect);
  const store = await openStore({
    dataDir: base.dataDir,
    databaseUrl: base.databaseUrl,
    fileName: 'server.db',
    migrationSets: moduleMigrationSets(),
  });
  await store.migrate();
  return {
    store,
    config: testConfig(base),
    async dispose() {
      await store.close();
      await base.dispose();
    },
  };
}

export interface TestIdentityInput {
  username: string;
  /** A server admin (users.admin). */
  admin?: boolean;
  /** The token's scopes; default: `admin` for an admin, every other scope for anyone else. */
  scopes?: Scope[];
  packScopes?: string[];
  cidrAllowlist?: string[];
  /** Omitted: the default lifetime. */
  expiresAt?: Date | null;
  /** The token's name; default `test`. */
  tokenName?: string;
}

export interface TestIdentity {
  userId: string;
  username: string;
  admin: boolean;
  /** The personal access token's value: send it as `Authorization: Bearer <token>`. */
  token: string;
  tokenId: string;
  /** Ready-made headers for inject(). */
  authorization: { authorization: string };
  /** What the auth hook resolves the token to. */
  principal: Principal;
}

/** Every scope but `admin`: what a member's test token carries unless the test says otherwise. */
export const everyScopeButAdmin: Scope[] = [
  'packs:read',
  'packs:publish',
  'templates:read',
  'renders:create',
  'tokens:read',
  'tokens:write',
  'tokens:introspect',
  'users:read',
  'users:write',
  'orgs:read',
  'orgs:write',
  'projects:read',
  'projects:write',
  'audit:read',
];

/**
 * A user (through the users module's service, as the server makes them) and a personal access token
 * for them (as POST /v1/tokens makes it), so a test can call the API as that user.
 */
export async function createUserWithToken(store: Store, input: TestIdentityInput): Promise<TestIdentity> {
  const admin = input.admin === true;
  const user = await createUsersService({ store }).createUser({ username: input.username, admin });
  const scopes = input.scopes ?? (admin ? ['admin'] : everyScopeButAdmin);
  const created = await createPersonalAccessToken(store.db, {
    userId: user.id,
    name: input.tokenName ?? 'test',
    scopes,
    packScopes: input.packScopes,
    cidrAllowlist: input.cidrAllowlist,
    expiresAt: input.expiresAt,
  });
  return {
    userId: user.id,
    username: user.username,
    admin,
    token: created.secret,
    tokenId: created.token.id,
    authorization: { authorization: `Bearer ${created.secret}` },
    principal: {
      kind: 'user',
      id: user.id,
      subject: user.username,
      admin,
      scopes: created.token.scopes,
      packScopes: created.token.packScopes,
      authMethod: 'personalAccessToken',
      tokenId: created.token.id,
    },
  };
}

/** Another token for an existing test user. */
export async function createTokenFor(
  store: Store,
  identity: Pick<TestIdentity, 'userId'>,
  input: Omit<TestIdentityInput, 'username' | 'admin'> & { scopes: Scope[] },
): Promise<{ token: string; tokenId: string; authorization: { authorization: string } }> {
  const created = await createPersonalAccessToken(store.db, {
    userId: identity.userId,
    name: input.tokenName ?? `test-${Math.random().toString(36).slice(2)}`,
    scopes: input.scopes,
    packScopes: input.packScopes,
    cidrAllowlist: input.cidrAllowlist,
    expiresAt: input.expiresAt,
  });
  return {
    token: created.secret,
    tokenId: created.token.id,
    authorization: { authorization: `Bearer ${created.secret}` },
  };
}

/** Disables (or enables) a user as an admin's PATCH would, without going through HTTP. */
export async function setUserDisabled(store: Store, userId: string, disabled: boolean): Promise<void> {
  await (store.db as Kysely<{ users: { id: string; disabled: number } }>)
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

export interface AuditRow {
  actor: string | null;
  actor_type: string;
  action: string;
  target: string | null;
  org: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

/** The audit log, oldest first, optionally one action only. */
export async function auditRows(store: Store, action?: string): Promise<AuditRow[]> {
  const rows = await (
    store.db as Kysely<{ audit_events: Omit<AuditRow, 'details'> & { seq: number; details: string } }>
  )
    .selectFrom('audit_events')
    .select(['actor', 'actor_type', 'action', 'target', 'org', 'outcome', 'ip', 'request_id', 'details'])
    .$if(action !== undefined, (q) => q.where('action', '=', action ?? ''))
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
