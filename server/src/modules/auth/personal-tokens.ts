import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { GtcxError } from '@gtcx/core';
import type { Kysely } from 'kysely';
import { cidrProblems, normalizeCidr } from '../../auth/cidr.js';
import type { Scope } from '../../auth/principal.js';
import { isScope } from '../../auth/scopes.js';
import { type AuditEventInput, recordAuditEvent } from '../compliance/index.js';
import { decodeCursor, encodeCursor } from '../templates/cursor.js';
import type { AuthTables, PersonalAccessTokensTable } from './tables.js';

/** Secret scanners (GitHub's among them) recognise gtcx credentials by this prefix. */
export const personalTokenPrefix = 'gtcx_';

/** 32 random bytes in base62: 43 characters, about 256 bits. */
const secretLength = 43;
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** What the list shows to tell tokens apart: the prefix and six characters of the value. */
const displayedLength = personalTokenPrefix.length + 6;

export const defaultTokenLifetimeDays = 90;
export const maxTokenLifetimeDays = 366;

/** A personal access token as the API shows it (never its value or hash). */
export interface TokenView {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: Scope[];
  packScopes: string[];
  expiresAt: string | null;
  cidrAllowlist: string[];
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreatedPersonalAccessToken {
  token: TokenView;
  /** The value, shown once: only its hash is kept. */
  secret: string;
}

export type AuditContext = Pick<AuditEventInput, 'actor' | 'ip' | 'requestId'>;

export interface NewPersonalAccessToken {
  userId: string;
  name: string;
  scopes: readonly Scope[];
  /** Limits `packs:publish` to these pack scopes (`@acme`); empty or omitted: no extra limit. */
  packScopes?: readonly string[] | undefined;
  /** Omitted: the default lifetime; null: never expires (only for the server's own bootstrap). */
  expiresAt?: Date | string | null | undefined;
  /** Networks the token may be used from; empty or omitted: anywhere. */
  cidrAllowlist?: readonly string[] | undefined;
  /** A value chosen by the operator (GTCX_ADMIN_TOKEN); omitted: a fresh random one. */
  secret?: string | undefined;
  idempotencyKey?: string | undefined;
  /** Who asked, for the token.create audit event; omitted: the server itself. */
  audit?: AuditContext | undefined;
  now?: Date | undefined;
}

export interface TokenPageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface TokenPage {
  items: TokenView[];
  nextCursor: string | null;
}

/**
 * Creates a personal access token for a user and records token.create in the same transaction. It
 * checks the token's own shape (scopes, pack scopes, expiry, networks, name taken); what the creator
 * may grant is the caller's business (see authorizeTokenGrant).
 */
export async function createPersonalAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  input: NewPersonalAccessToken,
): Promise<CreatedPersonalAccessToken> {
  const now = input.now ?? new Date();
  const row = newTokenRow(input, now);
  const secret = input.secret ?? newSecret();
  row.token_prefix = secret.slice(0, displayedLength);
  row.token_hash = hashSecret(secret);
  await inTransaction(db, async (trx) => {
    await refuseTakenNameOrKey(trx, input);
    try {
      await trx.insertInto('personal_access_tokens').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
    await recordAuditEvent(trx, {
      action: 'token.create',
      ...(input.audit ?? { actor: null, ip: null, requestId: null }),
      target: `token:${row.id}`,
      outcome: 'success',
      details: {
        user: input.userId,
        name: row.name,
        scopes: JSON.parse(row.scopes),
        packScopes: JSON.parse(row.pack_scopes),
        expiresAt: row.expires_at,
        cidrAllowlist: JSON.parse(row.cidr_allowlist),
      },
    });
  });
  return { token: tokenView(row), secret };
}

/** The user's live (unrevoked) tokens, newest first. */
export async function listPersonalAccessTokens(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  userId: string,
  query: TokenPageQuery = {},
): Promise<TokenPage> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const after = query.cursor === undefined ? undefined : cursorKey(query.cursor);
  const rows = await (db as Kysely<AuthTables>)
    .selectFrom('personal_access_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .$if(after !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('created_at', '<', after?.createdAt ?? ''),
          eb.and([eb('created_at', '=', after?.createdAt ?? ''), eb('id', '<', after?.id ?? '')]),
        ]),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(tokenView),
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor(`${last.created_at} ${last.id}`) : null,
  };
}

/** One of the user's live tokens; another user's token is as unknown as a missing one. */
export async function getPersonalAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  userId: string,
  tokenId: string,
): Promise<TokenView> {
  const row = await (db as Kysely<AuthTables>)
    .selectFrom('personal_access_tokens')
    .selectAll()
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw tokenNotFound(tokenId);
  return tokenView(row);
}

/** Revokes one of the user's tokens at once and records token.revoke in the same transaction. */
export async function revokePersonalAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  userId: string,
  tokenId: string,
  audit: AuditContext,
  now = new Date(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const revoked = await trx
      .updateTable('personal_access_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (revoked === undefined) throw tokenNotFound(tokenId);
    await recordAuditEvent(trx, {
      action: 'token.revoke',
      ...audit,
      target: `token:${tokenId}`,
      outcome: 'success',
      details: { user: userId, name: revoked.name },
    });
  });
}

/** The stored token a presented value belongs to, revoked and expired ones included. */
export async function findPersonalAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  secret: string,
): Promise<PersonalAccessTokensTable | undefined> {
  const hash = hashSecret(secret);
  const row = await (db as Kysely<AuthTables>)
    .selectFrom('personal_access_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  // The index found the row by hash; the constant-time comparison keeps the final check from
  // depending on how much of the value matched.
  if (row === undefined || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) return undefined;
  return row;
}

/** Records use at most once a minute per token: a write on every request would cost more than it tells. */
export async function touchPersonalAccessToken(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  row: Pick<PersonalAccessTokensTable, 'id' | 'last_used_at'>,
  now = new Date(),
): Promise<void> {
  const staleBefore = new Date(now.getTime() - 60_000).toISOString();
  if (row.last_used_at !== null && row.last_used_at >= staleBefore) return;
  await (db as Kysely<AuthTables>)
    .updateTable('personal_access_tokens')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export function isPersonalAccessToken(value: string): boolean {
  return value.startsWith(personalTokenPrefix);
}

export function tokenView(row: PersonalAccessTokensTable): TokenView {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    packScopes: JSON.parse(row.pack_scopes) as string[],
    expiresAt: row.expires_at,
    cidrAllowlist: JSON.parse(row.cidr_allowlist) as string[],
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `gtcx_` and 43 base62 characters; rejection sampling keeps every character equally likely. */
export function newSecret(): string {
  let out = personalTokenPrefix;
  while (out.length < personalTokenPrefix.length + secretLength) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 * 62: bytes above it would favour the first characters.
      if (byte < 248 && out.length < personalTokenPrefix.length + secretLength) out += base62[byte % 62];
    }
  }
  return out;
}

function newTokenRow(input: NewPersonalAccessToken, now: Date): PersonalAccessTokensTable {
  const errors: Array<{ field: string; message: string }> = [];
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    errors.push({ field: 'name', message: 'must be 1 to 100 characters' });
  if (input.scopes.length === 0) errors.push({ field: 'scopes', message: 'must name at least one scope' });
  input.scopes.forEach((scope, index) => {
    if (!isScope(scope)) errors.push({ field: `scopes.${index}`, message: `"${scope}" is not a scope` });
  });
  const packScopes = [...new Set(input.packScopes ?? [])];
  packScopes.forEach((scope, index) => {
    if (!/^@[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/.test(scope)) {
      errors.push({ field: `packScopes.${index}`, message: `"${scope}" is not a pack scope like @acme` });
    }
  });
  if (packScopes.length > 0 && !input.scopes.includes('packs:publish') && !input.scopes.includes('admin')) {
    errors.push({ field: 'packScopes', message: 'limit packs:publish, which the token does not carry' });
  }
  const expiresAt = expiryOf(input.expiresAt, now, errors);
  for (const problem of cidrProblems(input.cidrAllowlist ?? [])) {
    errors.push({ field: `cidrAllowlist.${problem.index}`, message: problem.message });
  }
  if (input.secret !== undefined && !/^gtcx_[A-Za-z0-9_-]{27,}$/.test(input.secret)) {
    errors.push({ field: 'secret', message: 'must be gtcx_ and at least 27 letters, digits, _ or -' });
  }
  if (errors.length > 0) {
    throw new GtcxError('validation_failed', `The token request is not valid: ${describe(errors)}`, {
      hint: 'Fix the named fields and retry',
      details: { errors: errors.map((error) => ({ ...error, field: `body.${error.field}` })) },
    });
  }
  const cidrs = [...new Set((input.cidrAllowlist ?? []).map((cidr) => normalizeCidr(cidr) as string))];
  return {
    id: randomUUID(),
    user_id: input.userId,
    name,
    token_prefix: '',
    token_hash: '',
    scopes: JSON.stringify([...new Set(input.scopes)]),
    pack_scopes: JSON.stringify(packScopes),
    cidr_allowlist: JSON.stringify(cidrs),
    expires_at: expiresAt,
    last_used_at: null,
    revoked_at: null,
    created_at: now.toISOString(),
    idempotency_key: input.idempotencyKey ?? null,
  };
}

function expiryOf(
  requested: NewPersonalAccessToken['expiresAt'],
  now: Date,
  errors: Array<{ field: string; message: string }>,
): string | null {
  if (requested === null) return null;
  const dayMs = 24 * 60 * 60 * 1000;
  if (requested === undefined)
    return new Date(now.getTime() + defaultTokenLifetimeDays * dayMs).toISOString();
  const at = new Date(requested);
  if (Number.isNaN(at.getTime())) {
    errors.push({ field: 'expiresAt', message: 'is not a date-time' });
  } else if (at.getTime() <= now.getTime()) {
    errors.push({ field: 'expiresAt', message: 'must be in the future' });
  } else if (at.getTime() > now.getTime() + maxTokenLifetimeDays * dayMs) {
    errors.push({ field: 'expiresAt', message: `must be within ${maxTokenLifetimeDays} days` });
  } else {
    return at.toISOString();
  }
  return null;
}

async function refuseTakenNameOrKey(db: Kysely<AuthTables>, input: NewPersonalAccessToken): Promise<void> {
  if (input.idempotencyKey !== undefined) {
    const earlier = await db
      .selectFrom('personal_access_tokens')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('idempotency_key', '=', input.idempotencyKey)
      .executeTakeFirst();
    if (earlier !== undefined) {
      // Only the hash was kept, so the first answer cannot be repeated; a second token is not made.
      throw new GtcxError(
        'conflict',
        `A token was already created with Idempotency-Key ${input.idempotencyKey}; its value was shown only in that answer`,
        {
          hint: `If that answer was lost, revoke the token (DELETE /v1/tokens/${earlier.id}) and create another with a new key`,
          details: { tokenId: earlier.id },
        },
      );
    }
  }
  if (input.secret !== undefined) {
    const same = await db
      .selectFrom('personal_access_tokens')
      .select('id')
      .where('token_hash', '=', hashSecret(input.secret))
      .executeTakeFirst();
    if (same !== undefined) {
      throw new GtcxError('conflict', 'That token value is already in use', {
        hint: 'Choose another value (gtcx_ and random characters)',
        details: { tokenId: same.id },
      });
    }
  }
  const live = await db
    .selectFrom('personal_access_tokens')
    .select('id')
    .where('user_id', '=', input.userId)
    .where('name', '=', input.name.trim())
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (live !== undefined) throw nameTaken(input.name);
}

function nameTaken(name: string): GtcxError {
  return new GtcxError('conflict', `You already have a token named "${name.trim()}"`, {
    hint: 'Choose another name, or revoke the existing token first',
    details: { name: name.trim() },
  });
}

function tokenNotFound(tokenId: string): GtcxError {
  return new GtcxError('not_found', `You have no personal access token ${tokenId}`, {
    hint: 'List your tokens with GET /v1/tokens (gtcx tokens list); revoked tokens are gone',
    details: { tokenId },
  });
}

function cursorKey(cursor: string): { createdAt: string; id: string } {
  const decoded = decodeCursor(cursor, (value) => {
    const [time, id] = value.split(' ');
    return time !== undefined && !Number.isNaN(Date.parse(time)) && id !== undefined && /^[\w-]+$/.test(id);
  });
  const [createdAt, id] = decoded.split(' ') as [string, string];
  return { createdAt, id };
}

function describe(errors: Array<{ field: string; message: string }>): string {
  return errors.map((error) => `${error.field} ${error.message}`).join('; ');
}

async function inTransaction<T>(
  // biome-ignore lint/suspicious/noExplicitAny: callers pass their own module's db or transaction
  db: Kysely<any>,
  work: (trx: Kysely<AuthTables>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Kysely<AuthTables>);
  return (db as Kysely<AuthTables>).transaction().execute(work);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
