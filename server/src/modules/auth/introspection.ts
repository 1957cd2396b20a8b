import { GtcxError } from '@gtcx/core';
import type { components } from '@gtcx/sdk';
import { accessTokenAudience, looksLikeJwt, verifyAccessToken } from './access-tokens.js';
import type { AuthenticationDeps, TokenOwner } from './authenticate.js';
import { secretPrefixes } from './oauth-secrets.js';
import { findPersonalAccessToken, isPersonalAccessToken } from './personal-tokens.js';
import { findRefreshToken } from './refresh-tokens.js';

export type OAuthIntrospection = components['schemas']['OAuthIntrospection'];

const inactive: OAuthIntrospection = Object.freeze({ active: false });

/**
 * RFC 7662: whether a token is active and what it grants. Anything unknown, expired, revoked, used
 * (a rotated refresh token) or belonging to a missing or disabled user is `{ active: false }` and
 * nothing more, so the answer tells nothing about tokens that do not work.
 */
export async function introspectToken(deps: AuthenticationDeps, token: string): Promise<OAuthIntrospection> {
  const now = deps.now?.() ?? new Date();
  if (token.startsWith(secretPrefixes.refreshToken)) return refreshToken(deps, token, now);
  if (isPersonalAccessToken(token)) return personalToken(deps, token, now);
  if (looksLikeJwt(token)) return accessToken(deps, token, now);
  return inactive;
}

async function accessToken(deps: AuthenticationDeps, token: string, now: Date): Promise<OAuthIntrospection> {
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(deps.store, token, { issuer: deps.issuer, now });
  } catch (error) {
    if (error instanceof GtcxError) return inactive;
    throw error;
  }
  const owner = await enabledOwner(deps, verified.userId);
  if (owner === undefined) return inactive;
  return {
    active: true,
    scope: verified.scopes.join(' '),
    ...(verified.clientId === null ? {} : { client_id: verified.clientId }),
    username: owner.kind === 'serviceAccount' ? (verified.clientId ?? owner.username) : owner.username,
    token_type: 'access_token',
    exp: seconds(verified.expiresAt),
    iat: seconds(verified.issuedAt),
    nbf: seconds(verified.notBefore),
    sub: verified.userId,
    aud: accessTokenAudience,
    iss: verified.issuer,
    jti: verified.jti,
  };
}

async function personalToken(
  deps: AuthenticationDeps,
  token: string,
  now: Date,
): Promise<OAuthIntrospection> {
  const row = await findPersonalAccessToken(deps.store.db, token);
  if (row === undefined || row.revoked_at !== null) return inactive;
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) return inactive;
  const owner = await enabledOwner(deps, row.user_id);
  if (owner === undefined) return inactive;
  return {
    active: true,
    scope: (JSON.parse(row.scopes) as string[]).join(' '),
    username: owner.username,
    token_type: 'personal_access_token',
    ...(row.expires_at === null ? {} : { exp: seconds(new Date(row.expires_at)) }),
    iat: seconds(new Date(row.created_at)),
    sub: row.user_id,
    jti: row.id,
  };
}

async function refreshToken(deps: AuthenticationDeps, token: string, now: Date): Promise<OAuthIntrospection> {
  const row = await findRefreshToken(deps.store.db, token);
  if (row === undefined || row.usedAt !== null || row.revokedAt !== null || row.expiresAt <= now)
    return inactive;
  const owner = await enabledOwner(deps, row.grant.userId);
  if (owner === undefined) return inactive;
  return {
    active: true,
    scope: row.grant.scopes.join(' '),
    ...(row.grant.clientId === null ? {} : { client_id: row.grant.clientId }),
    username: owner.username,
    token_type: 'refresh_token',
    exp: seconds(row.expiresAt),
    sub: row.grant.userId,
  };
}

async function enabledOwner(deps: AuthenticationDeps, userId: string): Promise<TokenOwner | undefined> {
  const owner = await deps.userById(userId);
  return owner === undefined || owner.disabled ? undefined : owner;
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
