import type { components } from '@gtcx/sdk';
import type { Kysely } from 'kysely';
import { isServerAdmin, type Principal } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/audit.js';
import { assertIfMatch, etagOf } from '../packs/etag.js';
import { requireServerAdmin } from './access.js';
import { type AuditContext, inTransaction, type UsersDeps } from './context.js';
import { conflict, forbidden, userNotFound } from './errors.js';
import { type IdempotentResult, idempotent } from './idempotency.js';
import { nameAfter, type Page, type PageQuery, pageOf, pageSize } from './pages.js';
import { assertPasswordPolicy, hashPassword } from './passwords.js';
import type { UsersDb } from './tables.js';
import { getUserByName, insertUser, newPasswordHash, otherAdmins } from './users.js';
import { type User, type UserRecord, userRecord, userView } from './views.js';

type UserCreateRequest = components['schemas']['UserCreateRequest'];
type UserUpdateRequest = components['schemas']['UserUpdateRequest'];

/** Fields a user may change on their own account; the rest are for server admins. */
const selfServiceFields = new Set(['displayName', 'email', 'password']);

export async function listUsers(
  deps: UsersDeps,
  principal: Principal,
  query: PageQuery,
): Promise<Page<User>> {
  requireServerAdmin(principal, 'listing users');
  const limit = pageSize(query);
  const after = nameAfter(query);
  let select = deps.db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'kind',
      'display_name',
      'email',
      'admin',
      'disabled',
      'created_at',
      'updated_at',
    ])
    .where('kind', '=', 'user');
  if (after !== undefined) select = select.where('username', '>', after);
  const rows = await select
    .orderBy('username')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    (row) => row.username,
    (row) => userView(userRecord(row)),
  );
}

export async function createUserAs(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  input: UserCreateRequest,
  idempotencyKey: string | undefined,
): Promise<IdempotentResult<User>> {
  requireServerAdmin(principal, 'creating users');
  const passwordHash = await newPasswordHash(input);
  return idempotent(
    deps,
    { callerId: principal.id, operation: 'createUser', key: idempotencyKey, request: input },
    { run: async (trx) => userView(await insertUser(deps, trx, input, passwordHash, audit)) },
  );
}

/** Server admins read anyone; others only themselves (refused without looking, so nothing leaks). */
export async function getUser(deps: UsersDeps, principal: Principal, username: string): Promise<User> {
  assertSelfOrAdmin(principal, username, 'reading another user');
  return userView(await existingUser(deps.db, username));
}

export async function updateUser(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  username: string,
  patch: UserUpdateRequest,
  ifMatch: string | undefined,
): Promise<User> {
  assertSelfOrAdmin(principal, username, 'changing another user');
  const fields = Object.keys(patch);
  const adminOnly = fields.filter((field) => !selfServiceFields.has(field));
  if (!isServerAdmin(principal) && adminOnly.length > 0) {
    throw forbidden(
      `only server admins may change ${adminOnly.join(' and ')}`,
      'leave those fields out, or ask a server admin',
      { fields: adminOnly },
    );
  }
  if (patch.password !== undefined) assertPasswordPolicy(patch.password);
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return inTransaction(deps, async (trx) => {
    const user = await existingUser(trx, username, deps);
    assertIfMatch(ifMatch, etagOf(userView(user)), `user ${username}`);
    const losesAdmin = user.admin && !user.disabled && (patch.admin === false || patch.disabled === true);
    if (losesAdmin) await assertAnotherAdmin(deps, trx, user, 'demote or disable');
    const updatedAt = deps.now().toISOString();
    await trx
      .updateTable('users')
      .set({
        ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
        ...(patch.email === undefined ? {} : { email: patch.email }),
        ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
        ...(patch.admin === undefined ? {} : { admin: patch.admin ? 1 : 0 }),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
        updated_at: updatedAt,
      })
      .where('id', '=', user.id)
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...audit,
        action: 'user.update',
        target: `user:${username}`,
        outcome: 'success',
        // Which fields, and the new flags; never the password.
        details: {
          fields,
          ...(patch.admin === undefined ? {} : { admin: patch.admin }),
          ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
        },
      },
      deps.now(),
    );
    return userView({
      ...user,
      displayName: patch.displayName === undefined ? user.displayName : patch.displayName,
      email: patch.email === undefined ? user.email : patch.email,
      admin: patch.admin ?? user.admin,
      disabled: patch.disabled ?? user.disabled,
      updatedAt,
    });
  });
}

/**
 * Deletes a user with their memberships (and, by the foreign keys' cascade, their tokens). Neither the
 * last server admin nor the last owner of an org can go: that would leave something nobody manages.
 */
export async function deleteUser(
  deps: UsersDeps,
  principal: Principal,
  audit: AuditContext,
  username: string,
  ifMatch: string | undefined,
): Promise<void> {
  requireServerAdmin(principal, 'deleting users');
  await inTransaction(deps, async (trx) => {
    const user = await existingUser(trx, username, deps);
    assertIfMatch(ifMatch, etagOf(userView(user)), `user ${username}`);
    if (user.admin && !user.disabled) await assertAnotherAdmin(deps, trx, user, 'delete');
    const soleOwnerOf = await orgsOnlyOwnedBy(trx, user.id);
    if (soleOwnerOf.length > 0) {
      throw conflict(
        `${username} is the only owner of ${soleOwnerOf.map((org) => `"${org}"`).join(', ')}`,
        'make another member an owner of those orgs (or delete them) first',
        { orgs: soleOwnerOf },
      );
    }
    await trx.deleteFrom('team_members').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('org_members').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
    await recordAuditEvent(
      trx,
      { ...audit, action: 'user.delete', target: `user:${username}`, outcome: 'success', details: {} },
      deps.now(),
    );
  });
}

function assertSelfOrAdmin(principal: Principal, username: string, doing: string): void {
  if (isServerAdmin(principal)) return;
  if (principal.kind === 'user' && principal.subject === username) return;
  throw forbidden(`${doing} is for server admins`, 'you may read and change only your own user');
}

/** Users proper: service accounts are managed through their OAuth client, not here. */
async function existingUser(db: Kysely<UsersDb>, username: string, lockFor?: UsersDeps): Promise<UserRecord> {
  const user = await getUserByName(db, username, lockFor === undefined ? {} : { lock: lockFor.dialect });
  if (user === undefined || user.kind !== 'user') throw userNotFound(username);
  return user;
}

async function assertAnotherAdmin(
  deps: UsersDeps,
  trx: Kysely<UsersDb>,
  user: UserRecord,
  verb: string,
): Promise<void> {
  if ((await otherAdmins(deps, trx, user.id)) > 0) return;
  throw conflict(
    `${user.username} is the last server admin: you cannot ${verb} them`,
    'make another user a server admin first (PATCH /v1/users/<username> with {"admin": true})',
    { username: user.username },
  );
}

/** The orgs where this user is the one owner. */
async function orgsOnlyOwnedBy(trx: Kysely<UsersDb>, userId: string): Promise<string[]> {
  const owned = await trx
    .selectFrom('org_members')
    .select('org')
    .where('user_id', '=', userId)
    .where('role', '=', 'owner')
    .execute();
  const sole: string[] = [];
  for (const { org } of owned) {
    const others = await trx
      .selectFrom('org_members')
      .select('user_id')
      .where('org', '=', org)
      .where('role', '=', 'owner')
      .where('user_id', '!=', userId)
      .limit(1)
      .execute();
    if (others.length === 0) sole.push(org);
  }
  return sole.sort();
}
