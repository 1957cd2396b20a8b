import { randomUUID } from 'node:crypto';
import { GtcxError, type Store } from '@gtcx/core';
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { Principal, Scope } from '../../auth/principal.js';
import { isScope } from '../../auth/scopes.js';
import { signingKey, verificationKey } from './signing-keys.js';
import type { AuthTables } from './tables.js';

/** Access tokens are meant for this API only. */
export const accessTokenAudience = 'gtcx';

/** RFC 9068's media type for JWT access tokens, so an ID token or other JWT is never taken for one. */
const accessTokenType = 'at+jwt';

/** Short-lived: a stolen access token is worth little, and refresh tokens carry sessions. */
export const accessTokenTtlSeconds = 15 * 60;

/** Replicas' clocks differ a little; more than this and the token is refused. */
const clockToleranceSeconds = 30;

export interface AccessTokenSubject {
  /** The users row id; the token's `sub`. */
  userId: string;
  /** The username or service account's client id. */
  subject: string;
  kind: Principal['kind'];
  scopes: readonly Scope[];
  /** The OAuth client the token was issued to (the service account, or the CLI's device login). */
  clientId?: string | null | undefined;
  /**
   * The refresh token family (the sign-in) the token was issued with; its `sid`. Revoking the family
   * ends the access tokens it issued too. None for client_credentials, which has no refresh token.
   */
  familyId?: string | null | undefined;
}

export interface SignOptions {
  /** The `iss`: the server's public URL (or the request's origin when none is configured). */
  issuer: string;
  now?: Date;
  ttlSeconds?: number;
}

export interface SignedAccessToken {
  accessToken: string;
  /** Seconds, for the OAuth response's `expires_in`. */
  expiresIn: number;
  jti: string;
  expiresAt: Date;
}

export interface VerifiedAccessToken {
  userId: string;
  subject: string;
  kind: Principal['kind'];
  scopes: Scope[];
  clientId: string | null;
  /** The `sid`: the refresh token family, or null for a token issued without one. */
  familyId: string | null;
  jti: string;
  issuer: string;
  issuedAt: Date;
  notBefore: Date;
  expiresAt: Date;
}

export interface VerifyOptions {
  /** The `iss` to require; undefined accepts any (the signature already proves it is ours). */
  issuer: string | undefined;
  now?: Date;
}

/** Why a token was refused, for the audit log (never shown with the token itself). */
export type AccessTokenFailure =
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'wrong_type'
  | 'revoked'
  | 'family_revoked';

/** A short-lived EdDSA JWT for a user or service account, signed with the store's current key. */
export async function signAccessToken(
  store: Store,
  subject: AccessTokenSubject,
  options: SignOptions,
): Promise<SignedAccessToken> {
  const now = options.now ?? new Date();
  const ttlSeconds = options.ttlSeconds ?? accessTokenTtlSeconds;
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const jti = randomUUID();
  const key = await signingKey(store);
  const accessToken = await new SignJWT({
    scope: subject.scopes.join(' '),
    username: subject.subject,
    kind: subject.kind,
    ...(subject.clientId ? { client_id: subject.clientId } : {}),
    ...(subject.familyId ? { sid: subject.familyId } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: accessTokenType })
    .setIssuer(options.issuer)
    .setAudience(accessTokenAudience)
    .setSubject(subject.userId)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key.privateKey);
  return { accessToken, expiresIn: ttlSeconds, jti, expiresAt };
}

/**
 * Checks signature (EdDSA only: `none` and HMAC signed with the public key are refused), type,
 * audience, issuer, expiry and not-before, then the revocation lists (the token's own jti and its
 * refresh family's sid, in one query). Throws GtcxError
 * `unauthenticated` whose details carry the `reason` (an AccessTokenFailure).
 */
export async function verifyAccessToken(
  store: Store,
  token: string,
  options: VerifyOptions,
): Promise<VerifiedAccessToken> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid === undefined ? undefined : await verificationKey(store, header.kid);
        if (key === undefined) throw new UnknownKey();
        return key;
      },
      {
        algorithms: ['EdDSA'],
        audience: accessTokenAudience,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        typ: accessTokenType,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
        ...(options.now === undefined ? {} : { currentDate: options.now }),
      },
    ));
  } catch (error) {
    throw refusal(failureOf(error), error);
  }
  const verified = verifiedClaims(payload);
  if (verified === undefined) throw refusal('malformed');
  const revoked = await revocationOf(store.db as Kysely<AuthTables>, verified);
  if (revoked !== undefined) throw refusal(revoked);
  return verified;
}

/**
 * Puts an access token's jti on the denylist until the token would have expired anyway, and drops
 * the entries whose tokens have expired since, so the list stays as small as the revoked live tokens.
 */
export async function revokeAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
  db: Kysely<any>,
  jti: string,
  expiresAt: Date,
  now = new Date(),
): Promise<void> {
  const denylist = db as Kysely<AuthTables>;
  await denylist
    .insertInto('revoked_access_tokens')
    .values({ jti, expires_at: expiresAt.toISOString() })
    .onConflict((oc) => oc.column('jti').doNothing())
    .execute();
  await denylist
    .deleteFrom('revoked_access_tokens')
    .where('expires_at', '<', new Date(now.getTime() - clockToleranceSeconds * 1000).toISOString())
    .execute();
}

/**
 * Ends every access token issued with a refresh family (its `sid`), for as long as any of them can
 * live: no access token is issued from a revoked family, so the newest expires at most one access
 * token lifetime (plus clock tolerance between replicas) from now. Expired entries are dropped.
 */
export async function revokeAccessTokenFamily(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
  db: Kysely<any>,
  familyId: string,
  now: Date,
): Promise<void> {
  const denylist = db as Kysely<AuthTables>;
  const expiresAt = new Date(now.getTime() + (accessTokenTtlSeconds + clockToleranceSeconds) * 1000);
  await denylist
    .insertInto('revoked_token_families')
    .values({ family_id: familyId, expires_at: expiresAt.toISOString() })
    .onConflict((oc) => oc.column('family_id').doNothing())
    .execute();
  await denylist
    .deleteFrom('revoked_token_families')
    .where('expires_at', '<', new Date(now.getTime() - clockToleranceSeconds * 1000).toISOString())
    .execute();
}

/** Whether a bearer value has the shape of a JWT (three base64url parts) rather than a PAT. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(token);
}

class UnknownKey extends Error {}

/** Both denylists by primary key in one round trip: the token's own jti, then its family. */
async function revocationOf(
  db: Kysely<AuthTables>,
  token: Pick<VerifiedAccessToken, 'jti' | 'familyId'>,
): Promise<'revoked' | 'family_revoked' | undefined> {
  const byJti = db
    .selectFrom('revoked_access_tokens')
    .select(sql<AccessTokenFailure>`'revoked'`.as('reason'))
    .where('jti', '=', token.jti);
  const query =
    token.familyId === null
      ? byJti
      : byJti.unionAll(
          db
            .selectFrom('revoked_token_families')
            .select(sql<AccessTokenFailure>`'family_revoked'`.as('reason'))
            .where('family_id', '=', token.familyId),
        );
  const row = await query.executeTakeFirst();
  return row?.reason as 'revoked' | 'family_revoked' | undefined;
}

function verifiedClaims(payload: JWTPayload): VerifiedAccessToken | undefined {
  const { sub, jti, iss, iat, exp } = payload;
  const nbf = payload.nbf ?? iat;
  const { scope, username, kind } = payload as Record<string, unknown>;
  const clientId = (payload as Record<string, unknown>).client_id;
  const familyId = (payload as Record<string, unknown>).sid;
  if (
    sub === undefined ||
    jti === undefined ||
    iss === undefined ||
    iat === undefined ||
    exp === undefined ||
    nbf === undefined ||
    typeof scope !== 'string' ||
    typeof username !== 'string' ||
    (kind !== 'user' && kind !== 'serviceAccount') ||
    (clientId !== undefined && typeof clientId !== 'string') ||
    (familyId !== undefined && typeof familyId !== 'string')
  ) {
    return undefined;
  }
  const scopes = scope.split(' ').filter((value) => value !== '');
  if (!scopes.every(isScope)) return undefined;
  return {
    userId: sub,
    subject: username,
    kind,
    scopes,
    clientId: clientId ?? null,
    familyId: familyId ?? null,
    jti,
    issuer: iss,
    issuedAt: new Date(iat * 1000),
    notBefore: new Date(nbf * 1000),
    expiresAt: new Date(exp * 1000),
  };
}

function failureOf(error: unknown): AccessTokenFailure {
  if (error instanceof UnknownKey) return 'unknown_key';
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return 'wrong_audience';
      case 'iss':
        return 'wrong_issuer';
      case 'nbf':
      case 'iat':
        return error.reason === 'check_failed' ? 'not_yet_valid' : 'malformed';
      case 'typ':
        return 'wrong_type';
      default:
        return 'malformed';
    }
  }
  return 'malformed';
}

const messages: Record<AccessTokenFailure, string> = {
  malformed: 'The access token is malformed',
  algorithm_not_allowed: 'The access token is not signed with EdDSA, the only algorithm this server accepts',
  unknown_key: 'The access token is signed with a key this server does not know',
  bad_signature: 'The access token signature does not verify',
  expired: 'The access token has expired',
  not_yet_valid: 'The access token is not valid yet',
  wrong_audience: 'The access token is not meant for this API (wrong audience)',
  wrong_issuer: 'The access token was issued by another server (wrong issuer)',
  wrong_type: 'The bearer JWT is not an access token',
  revoked: 'The access token has been revoked',
  family_revoked: 'The access token has been revoked: the sign-in it was issued with ended',
};

function refusal(reason: AccessTokenFailure, cause?: unknown): GtcxError {
  return new GtcxError('unauthenticated', messages[reason], {
    hint:
      reason === 'expired'
        ? 'get a new access token (refresh it, or gtcx login again)'
        : reason === 'family_revoked'
          ? 'sign in again (gtcx login): the session was signed out or its refresh token reused'
          : 'get a new access token from this server (gtcx login), or use a gtcx_ personal access token',
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}
