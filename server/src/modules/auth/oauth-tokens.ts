import type { Store } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { Principal, Scope } from '../../auth/principal.js';
import { type AuditEventInput, recordAuditEvent } from '../compliance/index.js';
import { signAccessToken } from './access-tokens.js';
import { pollDeviceAuthorization } from './device-authorizations.js';
import { type AuthenticatedClient, authenticateClient, type PresentedClient } from './oauth-clients.js';
import { OAuthError } from './oauth-errors.js';
import { holdableScopes, narrowScopes, scopeString, sortScopes } from './oauth-scopes.js';
import { isActive, type OAuthUser, type OAuthUsers } from './oauth-users.js';
import {
  findRefreshToken,
  issueRefreshToken,
  markRefreshTokenUsed,
  newRefreshFamilyId,
  type RefreshGrant,
  revokeRefreshFamily,
} from './refresh-tokens.js';

export const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';
export type GrantType = 'client_credentials' | 'refresh_token' | typeof deviceCodeGrantType;

/** RFC 6749 section 5.1's successful response. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

/** What every grant works with; one per request. */
export interface GrantContext {
  store: Store;
  users: OAuthUsers;
  /** The access tokens' `iss`. */
  issuer: string;
  now: Date;
  audit: Pick<AuditEventInput, 'ip' | 'requestId'>;
}

/**
 * client_credentials (RFC 6749 section 4.4): a service account's client, authenticated with its
 * secret, gets an access token with at most its client's scopes, and no refresh token (4.4.3).
 */
export async function clientCredentialsGrant(
  context: GrantContext,
  presented: PresentedClient | undefined,
  requested: Scope[] | undefined,
): Promise<OAuthTokenResponse> {
  if (presented === undefined) {
    throw new OAuthError(
      'invalid_client',
      'client_credentials needs client authentication (HTTP Basic or client_id and client_secret)',
    );
  }
  const client = await authenticateClient(context.store.db, presented);
  if (client.kind === 'public') {
    throw new OAuthError(
      'unauthorized_client',
      `${client.clientId} is a public client and may not use client_credentials`,
    );
  }
  const account = await context.users.getUserById(client.userId);
  if (!isActive(account)) {
    throw new OAuthError(
      'invalid_client',
      'client authentication failed: the service account is disabled or gone',
      {
        basicChallenge: presented.via === 'basic',
      },
    );
  }
  const scopes = sortScopes(narrowScopes(requested, client.scopes, `client ${client.clientId}`));
  const signed = await signAccessToken(
    context.store,
    {
      userId: account.id,
      subject: client.clientId,
      kind: 'serviceAccount',
      scopes,
      clientId: client.clientId,
    },
    { issuer: context.issuer, now: context.now },
  );
  await recordIssued(context, context.store.db, account, 'client_credentials', client.clientId, scopes);
  return tokenResponse(signed, undefined, scopes);
}

/**
 * refresh_token (RFC 6749 section 6) with rotation: the presented token is marked used and a new one
 * of the same family (same scopes) comes back. Presenting a used token again means it was copied:
 * the whole family is revoked, so neither the thief nor the owner can go on with it.
 */
export async function refreshTokenGrant(
  context: GrantContext,
  presented: PresentedClient | undefined,
  refreshToken: string,
  requested: Scope[] | undefined,
): Promise<OAuthTokenResponse> {
  const client = presented === undefined ? undefined : await authenticateClient(context.store.db, presented);
  const row = await findRefreshToken(context.store.db, refreshToken);
  if (row === undefined) throw new OAuthError('invalid_grant', 'unknown refresh_token');
  if (client !== undefined && client.clientId !== row.grant.clientId) {
    throw new OAuthError('invalid_grant', 'the refresh_token was issued to another client');
  }
  if (row.revokedAt !== null)
    throw new OAuthError('invalid_grant', 'the refresh_token was revoked; sign in again');
  if (row.usedAt !== null) throw await refreshReuse(context, row.grant);
  if (row.expiresAt <= context.now)
    throw new OAuthError('invalid_grant', 'the refresh_token expired; sign in again');
  const user = await context.users.getUserById(row.grant.userId);
  if (!isActive(user))
    throw new OAuthError('invalid_grant', 'the user of this refresh_token is disabled or gone');

  // The family keeps its scopes, less any the user may no longer hold (a former admin loses `admin`).
  const familyScopes = row.grant.scopes.filter((scope) => holdableScopes(user).includes(scope));
  const scopes = sortScopes(narrowScopes(requested, familyScopes, 'this refresh_token'));
  const signed = await signUserToken(context, user, scopes, row.grant.clientId, row.grant.familyId);
  const rotated = await context.store.transaction(async (trx) => {
    if (!(await markRefreshTokenUsed(trx, row.id, context.now))) return undefined;
    const next = await issueRefreshToken(trx, { ...row.grant, scopes: familyScopes }, context.now);
    await recordIssued(context, trx, user, 'refresh_token', row.grant.clientId, scopes);
    return next;
  });
  // Another request used (or revoked) it between the read and the update: a reuse all the same.
  if (rotated === undefined) throw await refreshReuse(context, row.grant);
  return tokenResponse(signed, rotated.refreshToken, scopes);
}

async function refreshReuse(context: GrantContext, grant: RefreshGrant): Promise<OAuthError> {
  const user = await context.users.getUserById(grant.userId);
  await context.store.transaction(async (trx) => {
    const revoked = await revokeRefreshFamily(trx, grant.familyId, context.now);
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        actor: null,
        action: 'oauth.token',
        target: user ? `user:${user.username}` : null,
        outcome: 'failure',
        details: {
          grantType: 'refresh_token',
          clientId: grant.clientId,
          error: 'invalid_grant',
          reason: 'refresh token reused; its family was revoked',
          familyId: grant.familyId,
          revoked,
        },
      },
      context.now,
    );
  });
  return new OAuthError(
    'invalid_grant',
    'the refresh_token was already used; every token of its sign-in is now revoked, sign in again',
    { audited: true },
  );
}

/**
 * device_code (RFC 8628 section 3.4): pending, slow_down, denied or expired until the user approved;
 * then tokens for that user, once.
 */
export async function deviceCodeGrant(
  context: GrantContext,
  presented: PresentedClient | undefined,
  deviceCode: string,
): Promise<OAuthTokenResponse> {
  if (presented === undefined) {
    throw new OAuthError('invalid_request', 'client_id is required with the device_code grant');
  }
  const client = await authenticateClient(context.store.db, presented);
  const grant = await pollDeviceAuthorization(
    context.store,
    { deviceCode, clientId: client.clientId },
    context.now,
  );
  const user = await context.users.getUserById(grant.userId);
  if (!isActive(user))
    throw new OAuthError('invalid_grant', 'the user who approved this device is disabled or gone');
  const scopes = grant.scopes.filter((scope) => holdableScopes(user).includes(scope));
  const familyId = newRefreshFamilyId();
  const signed = await signUserToken(context, user, scopes, client.clientId, familyId);
  const refresh = await context.store.transaction(async (trx) => {
    const issued = await issueRefreshToken(
      trx,
      { userId: user.id, clientId: client.clientId, scopes, familyId },
      context.now,
    );
    await recordIssued(context, trx, user, deviceCodeGrantType, client.clientId, scopes);
    return issued;
  });
  return tokenResponse(signed, refresh.refreshToken, scopes);
}

/**
 * An access token for a person (sessions, device logins, refreshes), bound to its refresh family so
 * revoking the family ends it too.
 */
export function signUserToken(
  context: GrantContext,
  user: OAuthUser,
  scopes: Scope[],
  clientId: string | null,
  familyId: string,
) {
  return signAccessToken(
    context.store,
    { userId: user.id, subject: user.username, kind: 'user', scopes, clientId, familyId },
    { issuer: context.issuer, now: context.now },
  );
}

async function recordIssued(
  context: GrantContext,
  // biome-ignore lint/suspicious/noExplicitAny: the store's db or the grant's transaction
  db: Kysely<any>,
  user: OAuthUser,
  grantType: GrantType,
  clientId: string | null,
  scopes: Scope[],
): Promise<void> {
  const actor: Pick<Principal, 'kind' | 'subject'> =
    user.kind === 'serviceAccount'
      ? { kind: 'serviceAccount', subject: clientId ?? user.username }
      : { kind: 'user', subject: user.username };
  await recordAuditEvent(
    db,
    {
      ...context.audit,
      actor,
      action: 'oauth.token',
      target: user.kind === 'serviceAccount' ? `client:${clientId}` : `user:${user.username}`,
      outcome: 'success',
      details: { grantType, clientId, scopes },
    },
    context.now,
  );
}

function tokenResponse(
  signed: { accessToken: string; expiresIn: number },
  refreshToken: string | undefined,
  scopes: Scope[],
): OAuthTokenResponse {
  return {
    access_token: signed.accessToken,
    token_type: 'Bearer',
    expires_in: signed.expiresIn,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    scope: scopeString(scopes),
  };
}

export type { AuthenticatedClient };
