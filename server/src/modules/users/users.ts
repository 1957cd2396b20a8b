import { randomUUID } from 'node:crypto';
import { GtcxError } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { OrgRole } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import {
  type AuditContext,
  forUpdate,
  inTransaction,
  isUniqueViolation,
  noAuditContext,
  type UsersDeps,
} from './context.js';
import { conflict, orgNotFound } from './errors.js';
import { assertPasswordPolicy, burnPasswordCheck, hashPassword, passwordMatches } from './passwords.js';
import type { UsersDb } from './tables.js';
import { type UserRecord, userRecord } from './views.js';

/** The contract's Username (and OrgName): lowercase letters, digits and inner hyphens, 1..39 characters. */
export const usernamePattern = /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/;

export interface NewUser {
  username: string;
  password?: string | undefined;
  displayName?: string | undefined;
  email?: string | undefined;
  admin?: boolean | undefined;
}

const userColumns = [
  'id',
  'username',
  'kind',
  'display_name',
  'email',
  'admin',
  'disabled',
  'created_at',
  'updated_at',
] as const;

export async function getUserById(deps: UsersDeps, id: string): Promise<UserRecord | undefined> {
  const row = await deps.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : userRecord(row);
}

export async function getUserByName(
  db: Kysely<UsersDb>,
  username: string,
  options: { lock?: UsersDeps['dialect'] } = {},
): Promise<UserRecord | undefined> {
  const query = db.selectFrom('users').select(userColumns).where('username', '=', username);
  const row = await (options.lock === undefined ? query : forUpdate(options.lock, query)).executeTakeFirst();
  return row === undefined ? undefined : userRecord(row);
}

/**
 * Creates a user who signs in with a password (a user made without one cannot sign in until an admin
 * sets it). Checks what the contract checks for HTTP callers, since bootstrap and the CLI call it too.
 */
export async function createUser(
  deps: UsersDeps,
  input: NewUser,
  audit: AuditContext = noAuditContext,
): Promise<UserRecord> {
  const passwordHash = await newPasswordHash(input);
  return inTransaction(deps, (trx) => insertUser(deps, trx, input, passwordHash, audit));
}

/**
 * `gtcx server init-admin`: the server's first admin, refused (409) once any enabled admin exists, so
 * the command cannot be used to mint admins on a running installation.
 */
export async function createFirstAdmin(
  deps: UsersDeps,
  input: Omit<NewUser, 'admin'> & { password: string },
  audit: AuditContext = noAuditContext,
): Promise<UserRecord> {
  const passwordHash = await newPasswordHash(input);
  return inTransaction(deps, async (trx) => {
    const admins = await countAdmins(trx);
    if (admins > 0) {
      throw conflict(
        `this server already has ${admins === 1 ? 'an admin' : `${admins} admins`}`,
        'sign in as an admin and create users with gtcx or the API (POST /v1/users); init-admin only makes the first one',
        { admins },
      );
    }
    return insertUser(deps, trx, { ...input, admin: true }, passwordHash, audit);
  });
}

/** Validates and hashes the new user's password before any transaction opens (hashing takes a while). */
export async function newPasswordHash(input: NewUser): Promise<string | null> {
  assertUsername(input.username);
  if (input.email !== undefined) assertEmail(input.email);
  if (input.password === undefined) return null;
  assertPasswordPolicy(input.password);
  return hashPassword(input.password);
}

export async function insertUser(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  input: NewUser,
  passwordHash: string | null,
  audit: AuditContext,
): Promise<UserRecord> {
  await assertUsernameFree(trx, input.username);
  const now = deps.now().toISOString();
  const row = {
    id: randomUUID(),
    username: input.username,
    kind: 'user' as const,
    password_hash: passwordHash,
    display_name: input.displayName ?? null,
    email: input.email ?? null,
    admin: input.admin === true ? 1 : 0,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  await trx
    .insertInto('users')
    .values(row)
    .execute()
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? usernameTaken(input.username) : error;
    });
  await recordAuditEvent(
    trx,
    {
      ...audit,
      action: 'user.create',
      target: `user:${input.username}`,
      outcome: 'success',
      details: { admin: row.admin === 1, password: passwordHash !== null },
    },
    deps.now(),
  );
  return userRecord(row);
}

/**
 * The user behind a username and password, or null: for a wrong password, an unknown user, a disabled
 * user and a service account alike, each after one full scrypt derivation, so neither the answer nor
 * its timing tells whether the username exists.
 */
export async function verifyPassword(
  deps: UsersDeps,
  username: string,
  password: string,
): Promise<UserRecord | null> {
  const row = await deps.db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (row === undefined || row.kind !== 'user' || row.password_hash === null) {
    await burnPasswordCheck(password);
    return null;
  }
  const matches = await passwordMatches(password, row.password_hash);
  return matches && row.disabled === 0 ? userRecord(row) : null;
}

/** Enabled server admins: bootstrap creates the first, and the last one cannot be removed. */
export async function countAdmins(db: Kysely<UsersDb>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', 'user')
    .where('admin', '=', 1)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The other enabled admins, locked on PostgreSQL until the transaction ends: two admins demoting each
 * other at once cannot both see the other one remain.
 */
export async function otherAdmins(deps: UsersDeps, trx: Kysely<UsersDb>, userId: string): Promise<number> {
  const query = trx
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'user')
    .where('admin', '=', 1)
    .where('disabled', '=', 0)
    .where('id', '!=', userId);
  return (await forUpdate(deps.dialect, query).execute()).length;
}

export async function membershipsOf(
  deps: UsersDeps,
  userId: string,
): Promise<Array<{ org: string; role: OrgRole }>> {
  return deps.db
    .selectFrom('org_members')
    .select(['org', 'role'])
    .where('user_id', '=', userId)
    .orderBy('org')
    .execute();
}

export async function orgRoleOf(deps: UsersDeps, userId: string, org: string): Promise<OrgRole | null> {
  const row = await deps.db
    .selectFrom('org_members')
    .select('role')
    .where('user_id', '=', userId)
    .where('org', '=', org)
    .executeTakeFirst();
  return row?.role ?? null;
}

export interface NewServiceAccount {
  /** Its client id: it shares the username namespace (and pattern), since memberships list it. */
  username: string;
  org: string;
  role: OrgRole;
  /** The username of whoever created it, for the caller's own audit event. */
  createdBy: string;
}

/**
 * A service account (an OAuth client's identity): a users row that never has a password, with its one
 * org membership. Runs in the caller's transaction, which records the audit event for the whole change.
 */
export async function createServiceAccount(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  input: NewServiceAccount,
): Promise<UserRecord> {
  assertUsername(input.username, 'username');
  const org = await trx.selectFrom('orgs').select('name').where('name', '=', input.org).executeTakeFirst();
  if (org === undefined) throw orgNotFound(input.org);
  await assertUsernameFree(trx, input.username);
  const now = deps.now().toISOString();
  const row = {
    id: randomUUID(),
    username: input.username,
    kind: 'serviceAccount' as const,
    password_hash: null,
    display_name: null,
    email: null,
    admin: 0,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('users').values(row).execute();
  await trx
    .insertInto('org_members')
    .values({ org: input.org, user_id: row.id, role: input.role, created_at: now, updated_at: now })
    .execute();
  return userRecord(row);
}

/** Removes a service account and its memberships; false when there is none with that id. */
export async function deleteServiceAccount(trx: Kysely<UsersDb>, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('id', '=', id)
    .where('kind', '=', 'serviceAccount')
    .executeTakeFirst();
  if (row === undefined) return false;
  await trx.deleteFrom('team_members').where('user_id', '=', id).execute();
  await trx.deleteFrom('org_members').where('user_id', '=', id).execute();
  await trx.deleteFrom('users').where('id', '=', id).execute();
  return true;
}

async function assertUsernameFree(trx: Kysely<UsersDb>, username: string): Promise<void> {
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (taken !== undefined) throw usernameTaken(username);
}

function usernameTaken(username: string): GtcxError {
  return conflict(`username "${username}" is taken`, 'choose another username', { username });
}

export function assertUsername(username: string, field = 'username'): void {
  if (usernamePattern.test(username)) return;
  const message = 'must be 1..39 lowercase letters, digits or inner hyphens';
  throw new GtcxError('validation_failed', `username "${username}" ${message}`, {
    hint: 'use lowercase letters, digits and hyphens (not at the start or end), e.g. alice or ci-bot',
    details: { errors: [{ field, message }] },
  });
}

function assertEmail(email: string): void {
  if (/^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 320) return;
  throw new GtcxError('validation_failed', `"${email}" is not an email address`, {
    hint: 'give an address such as alice@example.com, or leave the email out',
    details: { errors: [{ field: 'email', message: 'is not an email address' }] },
  });
}
