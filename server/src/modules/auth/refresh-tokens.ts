import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Scope } from '../../auth/principal.js';
import { revokeAccessTokenFamily } from './access-tokens.js';
import { hashSecret, mintSecret } from './oauth-secrets.js';
import { type AuthTables, parseJsonColumn, timestampText } from './tables.js';

/**
 * A refresh token lives this long after it was issued. Each use rotates it, so a session that is
 * used at least once a month stays signed in, and an abandoned one ends.
 */
export const refreshTokenTtlSeconds = 30 * 24 * 60 * 60;

/** What a refresh token grants: the same in every token of its family. */
export interface RefreshGrant {
  userId: string;
  /** The client it was issued to (`gtcx-cli` for a device login), or null for a password sign-in. */
  clientId: string | null;
  scopes: Scope[];
  familyId: string;
}

export interface IssuedRefreshToken {
  refreshToken: string;
  id: string;
  familyId: string;
  expiresAt: Date;
}

export interface RefreshTokenRow {
  id: string;
  grant: RefreshGrant;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's transaction
type AnyDb = Kysely<any>;

/** A new sign-in's family id, made before its first access token, which carries it as `sid`. */
export function newRefreshFamilyId(): string {
  return randomUUID();
}

/**
 * Stores a new refresh token: the next of `grant.familyId`, or the first of a new family (sign-ins
 * make its id first with newRefreshFamilyId, so their access token carries it).
 */
export async function issueRefreshToken(
  db: AnyDb,
  grant: Omit<RefreshGrant, 'familyId'> & { familyId?: string | undefined },
  now: Date,
): Promise<IssuedRefreshToken> {
  const refreshToken = mintSecret('refreshToken');
  const id = randomUUID();
  const familyId = grant.familyId ?? newRefreshFamilyId();
  const expiresAt = new Date(now.getTime() + refreshTokenTtlSeconds * 1000);
  await (db as Kysely<AuthTables>)
    .insertInto('refresh_tokens')
    .values({
      id,
      token_hash: hashSecret(refreshToken),
      family_id: familyId,
      user_id: grant.userId,
      client_id: grant.clientId,
      scopes: JSON.stringify(grant.scopes),
      expires_at: expiresAt.toISOString(),
      used_at: null,
      revoked_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { refreshToken, id, familyId, expiresAt };
}

export async function findRefreshToken(
  db: AnyDb,
  refreshToken: string,
): Promise<RefreshTokenRow | undefined> {
  const row = await (db as Kysely<AuthTables>)
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hashSecret(refreshToken))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const date = (value: unknown) => (value === null ? null : new Date(timestampText(value)));
  return {
    id: row.id,
    grant: {
      userId: row.user_id,
      clientId: row.client_id,
      scopes: parseJsonColumn<Scope[]>(row.scopes),
      familyId: row.family_id,
    },
    expiresAt: new Date(timestampText(row.expires_at)),
    usedAt: date(row.used_at),
    revokedAt: date(row.revoked_at),
  };
}

/**
 * Marks a token used, only if nobody used or revoked it first: false means another request got there
 * (a reuse racing the legitimate one), which the caller treats as reuse.
 */
export async function markRefreshTokenUsed(db: AnyDb, id: string, now: Date): Promise<boolean> {
  const result = await (db as Kysely<AuthTables>)
    .updateTable('refresh_tokens')
    .set({ used_at: now.toISOString() })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Revokes every live token of a family and the access tokens issued with it; answers how many
 * refresh tokens were still live.
 */
export async function revokeRefreshFamily(db: AnyDb, familyId: string, now: Date): Promise<number> {
  await revokeAccessTokenFamily(db, familyId, now);
  const result = await (db as Kysely<AuthTables>)
    .updateTable('refresh_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
