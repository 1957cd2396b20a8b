import { GtcxError, type Store } from '@gtcx/core';
import { ipAllowed } from '../../auth/cidr.js';
import type { Principal, Scope } from '../../auth/principal.js';
import { isScope } from '../../auth/scopes.js';
import { looksLikeJwt, verifyAccessToken } from './access-tokens.js';
import {
  findPersonalAccessToken,
  isPersonalAccessToken,
  touchPersonalAccessToken,
} from './personal-tokens.js';

/** What authentication needs to know about the user behind a token. */
export interface TokenOwner {
  id: string;
  username: string;
  kind: 'user' | 'serviceAccount';
  admin: boolean;
  disabled: boolean;
}

export interface AuthenticationDeps {
  store: Store;
  /** The users module's lookup by users.id. */
  userById: (id: string) => Promise<TokenOwner | undefined>;
  /** The `iss` access tokens must carry; undefined accepts any issuer (the signature proves they are ours). */
  issuer: string | undefined;
  now?: () => Date;
}

/** Why a bearer was refused, for the audit log; never the token itself. */
export type AuthFailureReason =
  | 'missing_credentials'
  | 'not_bearer'
  | 'malformed'
  | 'unknown_token'
  | 'revoked'
  | 'family_revoked'
  | 'expired'
  | 'unknown_user'
  | 'user_disabled'
  | 'outside_cidr'
  | 'insufficient_scope'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'wrong_type';

export interface AuthFailure {
  /** `unauthenticated` (401) or, for a valid token used from outside its networks, `forbidden` (403). */
  error: GtcxError;
  /** The RFC 6750 `WWW-Authenticate` challenge for a 401. */
  challenge: string | undefined;
  reason: AuthFailureReason;
  /** Who the token belongs to, when that is known (a disabled user, a token used from elsewhere). */
  actor: { kind: Principal['kind']; subject: string } | null;
  tokenId: string | null;
}

export type AuthOutcome = { principal: Principal } | { failure: AuthFailure };

export const bearerRealm = 'Bearer realm="gtcx"';

/**
 * Resolves an `Authorization` header (or gRPC `authorization` metadata) value to a principal: a `gtcx_`
 * personal access token is looked up by its hash, anything else is verified as a JWT access token.
 * The user behind either must exist and be enabled.
 */
export async function authenticateBearer(
  deps: AuthenticationDeps,
  authorization: string | undefined,
  ip: string | undefined,
): Promise<AuthOutcome> {
  if (authorization === undefined || authorization.trim() === '') {
    return refuse(
      'missing_credentials',
      'This operation requires credentials: no Authorization header was sent',
      'send Authorization: Bearer <token> (gtcx login, or a gtcx_ personal access token in GTCX_TOKEN)',
      bearerRealm,
    );
  }
  const token = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  if (token === undefined) {
    return refuse(
      'not_bearer',
      'The Authorization header is not a bearer token',
      'send it as Authorization: Bearer <token>',
      `${bearerRealm}, error="invalid_request"`,
    );
  }
  if (isPersonalAccessToken(token)) return personalToken(deps, token, ip);
  if (looksLikeJwt(token)) return accessToken(deps, token);
  return invalidToken(
    'malformed',
    'The bearer token is neither an access token nor a gtcx_ personal access token',
  );
}

async function personalToken(
  deps: AuthenticationDeps,
  token: string,
  ip: string | undefined,
): Promise<AuthOutcome> {
  const now = deps.now?.() ?? new Date();
  const row = await findPersonalAccessToken(deps.store.db, token);
  if (row === undefined)
    return invalidToken('unknown_token', 'The personal access token is not valid for this server');
  if (row.revoked_at !== null)
    return invalidToken('revoked', 'The personal access token has been revoked', row.id);
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) {
    return invalidToken('expired', `The personal access token expired at ${row.expires_at}`, row.id);
  }
  const owner = await enabledOwner(deps, row.user_id, row.id);
  if ('failure' in owner) return owner;
  const actor = { kind: owner.user.kind, subject: owner.user.username };
  const cidrs = JSON.parse(row.cidr_allowlist) as string[];
  if (!ipAllowed(ip, cidrs)) {
    return {
      failure: {
        error: new GtcxError(
          'forbidden',
          `This personal access token may not be used from ${ip ?? 'an unknown address'}`,
          {
            hint: `use it from ${cidrs.join(', ')}, or create a token whose cidrAllowlist covers this address`,
            details: { reason: 'outside_cidr' },
          },
        ),
        challenge: undefined,
        reason: 'outside_cidr',
        actor,
        tokenId: row.id,
      },
    };
  }
  await touchPersonalAccessToken(deps.store.db, row, now);
  return {
    principal: principalFor(owner.user, {
      subject: owner.user.username,
      scopes: JSON.parse(row.scopes) as string[],
      packScopes: JSON.parse(row.pack_scopes) as string[],
      authMethod: 'personalAccessToken',
      tokenId: row.id,
    }),
  };
}

async function accessToken(deps: AuthenticationDeps, token: string): Promise<AuthOutcome> {
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verified = await verifyAccessToken(deps.store, token, {
      issuer: deps.issuer,
      ...(deps.now === undefined ? {} : { now: deps.now() }),
    });
  } catch (error) {
    if (!(error instanceof GtcxError)) throw error;
    return {
      failure: {
        error,
        challenge: challengeFor(error.message),
        reason: (error.details?.reason as AuthFailureReason | undefined) ?? 'malformed',
        actor: null,
        tokenId: null,
      },
    };
  }
  const owner = await enabledOwner(deps, verified.userId, verified.jti);
  if ('failure' in owner) return owner;
  return {
    principal: principalFor(owner.user, {
      // A service account is known by its client id, a user by the name they have now.
      subject:
        owner.user.kind === 'serviceAccount'
          ? (verified.clientId ?? owner.user.username)
          : owner.user.username,
      scopes: verified.scopes,
      packScopes: [],
      authMethod: 'accessToken',
      tokenId: verified.jti,
    }),
  };
}

async function enabledOwner(
  deps: AuthenticationDeps,
  userId: string,
  tokenId: string,
): Promise<{ user: TokenOwner } | { failure: AuthFailure }> {
  const user = await deps.userById(userId);
  if (user === undefined)
    return invalidToken('unknown_user', 'The account this token was issued to no longer exists', tokenId);
  if (user.disabled) {
    const refused = invalidToken('user_disabled', `The account ${user.username} is disabled`, tokenId);
    refused.failure.actor = { kind: user.kind, subject: user.username };
    refused.failure.error = new GtcxError('unauthenticated', refused.failure.error.message, {
      hint: 'ask a server admin to enable the account',
      details: { reason: 'user_disabled' },
    });
    return refused;
  }
  return { user };
}

/**
 * `admin` is only honoured for server admins: a token made while its user was an admin carries no
 * extra power once the user is not. Scopes the contract no longer knows are dropped.
 */
function principalFor(
  user: TokenOwner,
  token: Pick<Principal, 'subject' | 'packScopes' | 'authMethod' | 'tokenId'> & { scopes: string[] },
): Principal {
  const admin = user.kind === 'user' && user.admin;
  const scopes = token.scopes.filter(
    (scope): scope is Scope => isScope(scope) && (scope !== 'admin' || admin),
  );
  return {
    kind: user.kind,
    id: user.id,
    subject: token.subject,
    admin,
    scopes,
    packScopes: token.packScopes,
    authMethod: token.authMethod,
    tokenId: token.tokenId,
  };
}

function invalidToken(
  reason: AuthFailureReason,
  message: string,
  tokenId: string | null = null,
): { failure: AuthFailure } {
  const hint =
    reason === 'expired' || reason === 'revoked'
      ? 'create a new token (gtcx tokens create) or sign in again (gtcx login)'
      : 'send a token this server issued: an access token from gtcx login, or a gtcx_ personal access token';
  return {
    failure: {
      error: new GtcxError('unauthenticated', message, { hint, details: { reason } }),
      challenge: challengeFor(message),
      reason,
      actor: null,
      tokenId,
    },
  };
}

function refuse(
  reason: AuthFailureReason,
  message: string,
  hint: string,
  challenge: string,
): { failure: AuthFailure } {
  return {
    failure: {
      error: new GtcxError('unauthenticated', message, { hint, details: { reason } }),
      challenge,
      reason,
      actor: null,
      tokenId: null,
    },
  };
}

/** RFC 6750 section 3: error_description is a quoted-string of printable ASCII without `"` or `\`. */
function challengeFor(description: string): string {
  const safe = description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ');
  return `${bearerRealm}, error="invalid_token", error_description="${safe}"`;
}
