import type { Store } from '@gtcx/core';
import { GtcxError } from '@gtcx/core';
import type { Kysely } from 'kysely';
import { isServerAdmin, type OrgRole, type Principal, type Scope } from '../../auth/principal.js';
import { scopesWithin } from '../../auth/scopes.js';
import { type AuditEventInput, recordAuditEvent } from '../compliance/index.js';
import { decodeCursor, encodeCursor } from '../templates/cursor.js';
import { holdableScopes, sortScopes } from './oauth-scopes.js';
import { hashSecret, mintSecret } from './oauth-secrets.js';
import type { OAuthUsers } from './oauth-users.js';
import { type AuthTables, parseJsonColumn, timestampText } from './tables.js';

/** The contract's ServiceAccount: never the secret or its hash. */
export interface ServiceAccountView {
  clientId: string;
  name: string;
  org: string;
  /** null once its membership was removed (it can still get tokens, but holds no role in the org). */
  role: OrgRole | null;
  scopes: Scope[];
  createdBy: string | null;
  createdAt: string;
}

export interface CreatedServiceAccount {
  serviceAccount: ServiceAccountView;
  /** `gtcx_cs_...`, shown once. */
  clientSecret: string;
}

export interface NewServiceAccountRequest {
  name: string;
  role: OrgRole;
  scopes: Scope[];
}

export interface ServiceAccountsContext {
  store: Store;
  users: OAuthUsers;
  principal: Principal;
  audit: Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'>;
  now: Date;
}

/** The client id doubles as the service account's username, which is at most 39 characters. */
const maxClientIdLength = 39;
/** A retry carrying an Idempotency-Key is recognised for as long as the contract promises. */
const retryWindowMs = 24 * 60 * 60 * 1000;

/** `sa-<org>-<name>`: the name has no hyphen, so the org is everything between `sa-` and the last one. */
export function serviceAccountClientId(org: string, name: string): string {
  return `sa-${org}-${name}`;
}

export function parseServiceAccountClientId(clientId: string): { org: string; name: string } | undefined {
  const match = /^sa-([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-([a-z0-9]+)$/.exec(clientId);
  return match === null ? undefined : { org: match[1] as string, name: match[2] as string };
}

/**
 * Creates a service account: a users row of kind serviceAccount that is a member of the org with the
 * role, and its OAuth client with a fresh secret, in one transaction with its audit event. Org owners
 * and server admins only; the scopes may not exceed the creator's token's, nor include `admin`.
 *
 * With an Idempotency-Key, a retry by the same creator of the same request within 24 hours answers
 * the same service account with a new secret (the lost first answer's secret stops working), since
 * a secret is never kept to be shown twice.
 */
export async function createServiceAccount(
  context: ServiceAccountsContext,
  org: string,
  request: NewServiceAccountRequest,
  idempotencyKey: string | undefined,
): Promise<CreatedServiceAccount> {
  await requireOrgOwner(context, org, 'creating a service account');
  if (request.role === 'owner') {
    // An owner may remove every person from the org; a machine must never be left holding it alone.
    throw new GtcxError('validation_failed', 'a service account cannot be an owner of an org', {
      hint: 'give it the maintainer role (publish, yank, manage teams) or less',
      details: { errors: [{ field: 'body.role', message: 'must not be owner' }] },
    });
  }
  const clientId = serviceAccountClientId(org, request.name);
  if (clientId.length > maxClientIdLength) {
    throw new GtcxError(
      'validation_failed',
      `the client id ${clientId} would be longer than ${maxClientIdLength} characters`,
      {
        hint: `choose a name of at most ${maxClientIdLength - `sa-${org}-`.length} characters for org ${org}`,
        details: { errors: [{ field: 'body.name', message: `is too long for org ${org}` }] },
      },
    );
  }
  const scopes = grantableScopes(context.principal, request.scopes);
  const clientSecret = mintSecret('clientSecret');
  const db = context.store.db as Kysely<AuthTables>;
  const existing = await db
    .selectFrom('oauth_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (existing !== undefined) {
    if (idempotencyKey === undefined || !(await isRetry(context, existing, org, request.role, scopes))) {
      throw new GtcxError('conflict', `org ${org} already has a service account named ${request.name}`, {
        hint: `choose another name, or delete ${clientId} first (DELETE /v1/orgs/${org}/service-accounts/${clientId})`,
        details: { clientId },
      });
    }
    return rotateSecret(context, existing.client_id, org, request.role, clientSecret);
  }
  return insertServiceAccount(context, org, request, scopes, clientId, clientSecret).catch(
    (error: unknown) => {
      // A racing create of the same name got there first.
      if (!isUniqueViolation(error)) throw error;
      throw new GtcxError('conflict', `org ${org} already has a service account named ${request.name}`, {
        hint: 'choose another name',
        details: { clientId },
      });
    },
  );
}

function insertServiceAccount(
  context: ServiceAccountsContext,
  org: string,
  request: NewServiceAccountRequest,
  scopes: Scope[],
  clientId: string,
  clientSecret: string,
): Promise<CreatedServiceAccount> {
  return context.store.transaction(async (trx) => {
    const account = await context.users.createServiceAccount(trx, {
      username: clientId,
      org,
      role: request.role,
      createdBy: context.principal.subject,
    });
    const createdAt = context.now.toISOString();
    await (trx as Kysely<AuthTables>)
      .insertInto('oauth_clients')
      .values({
        client_id: clientId,
        user_id: account.id,
        secret_hash: hashSecret(clientSecret),
        scopes: JSON.stringify(scopes),
        created_by: context.principal.subject,
        created_at: createdAt,
        revoked_at: null,
      })
      .execute();
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        action: 'service_account.create',
        target: `client:${clientId}`,
        org,
        outcome: 'success',
        details: { clientId, role: request.role, scopes },
      },
      context.now,
    );
    const serviceAccount: ServiceAccountView = {
      clientId,
      name: request.name,
      org,
      role: request.role,
      scopes,
      createdBy: context.principal.subject,
      createdAt,
    };
    return { serviceAccount, clientSecret };
  });
}

/** A page of the org's service accounts by client id. */
export async function listServiceAccounts(
  context: ServiceAccountsContext,
  org: string,
  query: { limit?: number | undefined; cursor?: string | undefined },
): Promise<{ items: ServiceAccountView[]; nextCursor: string | null }> {
  await requireOrgOwner(context, org, 'listing service accounts');
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const after =
    query.cursor === undefined
      ? undefined
      : decodeCursor(query.cursor, (id) => parseServiceAccountClientId(id)?.org === org);
  // Org names have no LIKE wildcards; `sa-<org>-%-%` would be an org whose name continues with a hyphen.
  let select = (context.store.db as Kysely<AuthTables>)
    .selectFrom('oauth_clients')
    .selectAll()
    .where('client_id', 'like', `sa-${org}-%`)
    .where('client_id', 'not like', `sa-${org}-%-%`)
    .where('revoked_at', 'is', null)
    .orderBy('client_id')
    .limit(limit + 1);
  if (after !== undefined) select = select.where('client_id', '>', after);
  const rows = await select.execute();
  const page = rows.slice(0, limit);
  const items = await Promise.all(page.map((row) => view(context, row, org)));
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.client_id) : null,
  };
}

/** Deletes the service account, its membership, its client and its refresh tokens, with the audit event. */
export async function deleteServiceAccount(
  context: ServiceAccountsContext,
  org: string,
  clientId: string,
): Promise<void> {
  await requireOrgOwner(context, org, 'deleting a service account');
  const deleted = await context.store.transaction(async (trx) => {
    const row =
      parseServiceAccountClientId(clientId)?.org === org
        ? await (trx as Kysely<AuthTables>)
            .selectFrom('oauth_clients')
            .select(['client_id', 'user_id'])
            .where('client_id', '=', clientId)
            .executeTakeFirst()
        : undefined;
    if (row === undefined) return false;
    await (trx as Kysely<AuthTables>).deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
    await (trx as Kysely<AuthTables>)
      .deleteFrom('refresh_tokens')
      .where('user_id', '=', row.user_id)
      .execute();
    await context.users.deleteServiceAccount(trx, row.user_id);
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        action: 'service_account.delete',
        target: `client:${clientId}`,
        org,
        outcome: 'success',
        details: { clientId },
      },
      context.now,
    );
    return true;
  });
  if (!deleted) {
    throw new GtcxError('not_found', `org ${org} has no service account ${clientId}`, {
      hint: `list them with GET /v1/orgs/${org}/service-accounts`,
      details: { org, clientId },
    });
  }
}

/**
 * Service accounts are the org's credentials: only its owners (and server admins) see and manage
 * them. Someone outside the org gets the same 404 as for an org that does not exist.
 */
async function requireOrgOwner(context: ServiceAccountsContext, org: string, doing: string): Promise<void> {
  await context.users.as(context.principal).getOrg(org);
  if (isServerAdmin(context.principal)) return;
  const role = await context.users.orgRoleOf(context.principal.id, org);
  if (role === 'owner') return;
  throw new GtcxError(
    'forbidden',
    `${doing} in org ${org} needs the owner role; you are a ${role ?? 'non-member'}`,
    {
      hint: `ask an owner of ${org} to do it`,
      details: { org, role, required: ['owner'] },
    },
  );
}

/** What the creator may hand to a service account: never `admin`, never more than their token holds. */
function grantableScopes(principal: Principal, requested: Scope[]): Scope[] {
  const holdable = holdableScopes({ admin: false, kind: 'serviceAccount' });
  const allowed = scopesWithin(requested, principal.scopes).filter((scope) => holdable.includes(scope));
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new GtcxError('forbidden', `a service account you create may not hold ${refused.join(', ')}`, {
      hint: requested.includes('admin')
        ? 'service accounts never hold admin; give them the scopes their job needs'
        : 'grant only scopes your own token carries',
      details: { scopes: refused },
    });
  }
  return sortScopes(requested);
}

async function isRetry(
  context: ServiceAccountsContext,
  existing: AuthTables['oauth_clients'],
  org: string,
  role: OrgRole,
  scopes: Scope[],
): Promise<boolean> {
  const recent = context.now.getTime() - Date.parse(timestampText(existing.created_at)) < retryWindowMs;
  const sameScopes =
    JSON.stringify(sortScopes(parseJsonColumn<Scope[]>(existing.scopes))) === JSON.stringify(scopes);
  return (
    recent &&
    sameScopes &&
    existing.revoked_at === null &&
    existing.created_by === context.principal.subject &&
    (await context.users.orgRoleOf(existing.user_id, org)) === role
  );
}

async function rotateSecret(
  context: ServiceAccountsContext,
  clientId: string,
  org: string,
  role: OrgRole,
  clientSecret: string,
): Promise<CreatedServiceAccount> {
  // The view reads the membership through the users service (the store's own connection), so it is
  // made after the transaction: SQLite has one connection, which the transaction holds until it ends.
  const row = await context.store.transaction(async (trx) => {
    const db = trx as Kysely<AuthTables>;
    await db
      .updateTable('oauth_clients')
      .set({ secret_hash: hashSecret(clientSecret) })
      .where('client_id', '=', clientId)
      .execute();
    const updated = await db
      .selectFrom('oauth_clients')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow();
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        action: 'service_account.create',
        target: `client:${clientId}`,
        org,
        outcome: 'success',
        details: { clientId, role, retry: true, secretRotated: true },
      },
      context.now,
    );
    return updated;
  });
  return { serviceAccount: await view(context, row, org), clientSecret };
}

async function view(
  context: ServiceAccountsContext,
  row: AuthTables['oauth_clients'],
  org: string,
): Promise<ServiceAccountView> {
  const parsed = parseServiceAccountClientId(row.client_id);
  return {
    clientId: row.client_id,
    name: parsed?.name ?? row.client_id,
    org,
    role: await context.users.orgRoleOf(row.user_id, org),
    scopes: sortScopes(parseJsonColumn<Scope[]>(row.scopes)),
    createdBy: row.created_by,
    createdAt: new Date(timestampText(row.created_at)).toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
