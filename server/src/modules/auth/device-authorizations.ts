import { randomInt } from 'node:crypto';
import { GtcxError, type Store } from '@gtcx/core';
import type { Kysely } from 'kysely';
import type { Scope } from '../../auth/principal.js';
import { scopesWithin } from '../../auth/scopes.js';
import { OAuthError } from './oauth-errors.js';
import { holdableScopes, sortScopes } from './oauth-scopes.js';
import { hashSecret, mintSecret } from './oauth-secrets.js';
import { type AuthTables, type DeviceAuthorizationsTable, parseJsonColumn, timestampText } from './tables.js';

/** RFC 8628 section 3.2: how long the codes live and how often the device may poll at first. */
export const deviceCodeTtlSeconds = 600;
export const devicePollIntervalSeconds = 5;
/** RFC 8628 section 3.5: each `slow_down` raises the device's interval by this much. */
export const slowDownStepSeconds = 5;

/**
 * RFC 8628 section 6.1's alphabet: consonants only, so no code spells a word and none of 0/O, 1/I
 * can be misread. Eight of them give 20^8 (about 2^34.6) codes, and the codes live 10 minutes.
 */
const userCodeAlphabet = 'BCDFGHJKLMNPQRSTVWXZ';
const userCodeLength = 8;

export interface StartedDeviceAuthorization {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

/** What an approved device receives tokens for. */
export interface DeviceGrant {
  userId: string;
  clientId: string;
  scopes: Scope[];
}

export interface DeviceDecision {
  userCode: string;
  clientId: string;
  scopes: Scope[];
  status: 'approved' | 'denied';
  decidedAt: string;
}

/** Who approves: the signed-in user and the scopes of the token they approve with. */
export interface DeviceApprover {
  userId: string;
  admin: boolean;
  tokenScopes: readonly Scope[];
}

type Db = Kysely<AuthTables>;

/**
 * Starts a device login. `scopes` undefined means "whatever the approving user may hold", decided
 * at approval (stored as an empty list). Expired authorizations are cleared on the way, so the table
 * holds only the last ten minutes' logins.
 */
export async function startDeviceAuthorization(
  store: Store,
  request: { clientId: string; scopes: Scope[] | undefined },
  now: Date,
): Promise<StartedDeviceAuthorization> {
  const db = store.db as Db;
  await db.deleteFrom('device_authorizations').where('expires_at', '<', now.toISOString()).execute();
  const deviceCode = mintSecret('deviceCode');
  const expiresAt = new Date(now.getTime() + deviceCodeTtlSeconds * 1000);
  // A user code may collide with a live one; a fresh draw almost never does twice.
  for (let attempt = 1; ; attempt++) {
    const userCode = newUserCode();
    try {
      await db
        .insertInto('device_authorizations')
        .values({
          device_code_hash: hashSecret(deviceCode),
          user_code: userCode,
          client_id: request.clientId,
          scopes: JSON.stringify(request.scopes ?? []),
          status: 'pending',
          user_id: null,
          interval_seconds: devicePollIntervalSeconds,
          last_polled_at: null,
          expires_at: expiresAt.toISOString(),
          decided_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      return { deviceCode, userCode, expiresIn: deviceCodeTtlSeconds, interval: devicePollIntervalSeconds };
    } catch (error) {
      if (attempt >= 5 || !isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * One poll of the token endpoint with a device code (RFC 8628 section 3.4): the grant once approved
 * (consuming the code, so it is exchanged at most once), otherwise the RFC's error. The poll's
 * bookkeeping (last poll, a raised interval) is committed before the error is thrown.
 */
export async function pollDeviceAuthorization(
  store: Store,
  request: { deviceCode: string; clientId: string },
  now: Date,
): Promise<DeviceGrant> {
  const outcome = await store.transaction(async (transaction): Promise<DeviceGrant | OAuthError> => {
    const trx = transaction as Db;
    let query = trx
      .selectFrom('device_authorizations')
      .selectAll()
      .where('device_code_hash', '=', hashSecret(request.deviceCode));
    if (store.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) {
      return new OAuthError(
        'invalid_grant',
        'unknown device_code: it was never issued, was already exchanged for tokens, or expired long ago',
      );
    }
    if (row.client_id !== request.clientId) {
      return new OAuthError('invalid_grant', 'the device_code was issued to another client');
    }
    const remove = () =>
      trx.deleteFrom('device_authorizations').where('device_code_hash', '=', row.device_code_hash).execute();
    if (new Date(timestampText(row.expires_at)) <= now) {
      await remove();
      return new OAuthError(
        'expired_token',
        'the device_code expired before it was approved; start the login again',
      );
    }
    if (row.status === 'denied') {
      await remove();
      return new OAuthError('access_denied', 'the user denied this device login');
    }
    if (row.status === 'approved' && row.user_id !== null) {
      await remove();
      return { userId: row.user_id, clientId: row.client_id, scopes: parseJsonColumn<Scope[]>(row.scopes) };
    }
    return pendingPoll(trx, row, now);
  });
  if (outcome instanceof OAuthError) throw outcome;
  return outcome;
}

/** Still waiting for the user: `slow_down` (and a longer interval) when polled too soon, else pending. */
async function pendingPoll(trx: Db, row: DeviceAuthorizationsTable, now: Date): Promise<OAuthError> {
  const lastPolled = row.last_polled_at === null ? undefined : new Date(timestampText(row.last_polled_at));
  const tooSoon =
    lastPolled !== undefined && now.getTime() - lastPolled.getTime() < row.interval_seconds * 1000;
  const interval = tooSoon ? row.interval_seconds + slowDownStepSeconds : row.interval_seconds;
  await trx
    .updateTable('device_authorizations')
    .set({ last_polled_at: now.toISOString(), interval_seconds: interval })
    .where('device_code_hash', '=', row.device_code_hash)
    .execute();
  return tooSoon
    ? new OAuthError('slow_down', `polled too often; wait at least ${interval} seconds between polls`)
    : new OAuthError('authorization_pending', 'the user has not approved this device login yet');
}

/**
 * Records a user's approval or denial of the pending login showing `userCode`, in the caller's
 * transaction. Approved scopes are those requested (all, when none were) that the user may hold and
 * the approving token carries: a device never gets more than the person approving it could.
 */
export async function decideDeviceAuthorization(
  trx: Db,
  dialect: Store['dialect'],
  request: {
    userCode: string;
    approve: boolean;
    approver: DeviceApprover;
    /** A retry (Idempotency-Key): the same person's same decision is answered again, not refused. */
    retry?: boolean;
  },
  now: Date,
): Promise<DeviceDecision & { replayed: boolean }> {
  const userCode = normalizeUserCode(request.userCode);
  let query = trx
    .selectFrom('device_authorizations')
    .selectAll()
    .where('user_code', '=', userCode ?? '');
  if (dialect === 'postgres') query = query.forUpdate();
  const row = userCode === undefined ? undefined : await query.executeTakeFirst();
  if (row === undefined || new Date(timestampText(row.expires_at)) <= now) {
    throw new GtcxError('not_found', `no pending device login shows the code ${request.userCode}`, {
      hint: 'check the code gtcx login printed; codes expire after 10 minutes, so start the login again if it is older',
    });
  }
  const status = request.approve ? 'approved' : 'denied';
  if (
    row.status !== 'pending' &&
    request.retry === true &&
    row.status === status &&
    row.user_id === request.approver.userId
  ) {
    return { ...decisionOf(row, status, parseJsonColumn<Scope[]>(row.scopes)), replayed: true };
  }
  if (row.status !== 'pending') {
    throw new GtcxError('conflict', `the device login ${row.user_code} was already ${row.status}`, {
      hint: 'start a new login on the device (gtcx login) to decide again',
      details: { status: row.status },
    });
  }
  const scopes = request.approve
    ? approvedScopes(row, request.approver)
    : parseJsonColumn<Scope[]>(row.scopes);
  const decidedAt = now.toISOString();
  await trx
    .updateTable('device_authorizations')
    .set({ status, user_id: request.approver.userId, scopes: JSON.stringify(scopes), decided_at: decidedAt })
    .where('device_code_hash', '=', row.device_code_hash)
    .execute();
  return { ...decisionOf({ ...row, decided_at: decidedAt }, status, scopes), replayed: false };
}

function decisionOf(
  row: DeviceAuthorizationsTable,
  status: DeviceDecision['status'],
  scopes: Scope[],
): DeviceDecision {
  return {
    userCode: row.user_code,
    clientId: row.client_id,
    scopes,
    status,
    decidedAt: new Date(timestampText(row.decided_at)).toISOString(),
  };
}

function approvedScopes(row: DeviceAuthorizationsTable, approver: DeviceApprover): Scope[] {
  const requested = parseJsonColumn<Scope[]>(row.scopes);
  const holdable = holdableScopes({ admin: approver.admin });
  const wanted = requested.length === 0 ? holdable : requested.filter((scope) => holdable.includes(scope));
  const scopes = sortScopes(scopesWithin(wanted, approver.tokenScopes));
  if (scopes.length === 0) {
    throw new GtcxError(
      'forbidden',
      `you may not grant any of the scopes this device asked for (${requested.join(' ') || 'all'})`,
      {
        hint: 'approve with a token carrying the scopes the device needs (sign in with your password), or start the login asking for fewer scopes',
        details: { requested },
      },
    );
  }
  return scopes;
}

export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < userCodeLength; i++) code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** `bcdf ghjk`, `BCDFGHJK`, `bcdf-ghjk`: case, spaces and the dash do not matter (RFC 8628 6.1). */
export function normalizeUserCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== userCodeLength || [...code].some((c) => !userCodeAlphabet.includes(c)))
    return undefined;
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
