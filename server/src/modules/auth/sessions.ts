import { GtcxError } from '@gtcx/core';
import type { Scope } from '../../auth/principal.js';
import { recordAuditEvent } from '../compliance/index.js';
import { holdableScopes, sortScopes } from './oauth-scopes.js';
import { type GrantContext, signUserToken } from './oauth-tokens.js';
import { issueRefreshToken, newRefreshFamilyId } from './refresh-tokens.js';

/** The contract's TokenPair. */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  scopes: Scope[];
}

export interface SessionRequest {
  username: string;
  password: string;
  /** All the user may hold when omitted. */
  scopes?: Scope[] | undefined;
}

/**
 * Signs a person in with their password: an access token and the first refresh token of a new
 * family. A wrong password and an unknown user get the same error after the same work (the users
 * service spends a full password hash on unknown users), and both are audited without the password.
 */
export async function createSession(context: GrantContext, request: SessionRequest): Promise<TokenPair> {
  const user = await context.users.verifyPassword(request.username, request.password);
  if (user === null) {
    await recordAuditEvent(
      context.store.db,
      {
        ...context.audit,
        actor: null,
        action: 'session.create',
        target: null,
        outcome: 'failure',
        details: { username: request.username, reason: 'wrong username or password' },
      },
      context.now,
    );
    throw new GtcxError('unauthenticated', 'The username or password is wrong', {
      hint: 'check both and try again; an admin can reset a forgotten password',
    });
  }
  const holdable = holdableScopes(user);
  const beyond = (request.scopes ?? []).filter((scope) => !holdable.includes(scope));
  if (beyond.length > 0) {
    await recordAuditEvent(
      context.store.db,
      {
        ...context.audit,
        actor: { kind: 'user', subject: user.username },
        action: 'session.create',
        target: `user:${user.username}`,
        outcome: 'failure',
        details: { username: user.username, reason: 'scopes beyond the user', scopes: beyond },
      },
      context.now,
    );
    throw new GtcxError('forbidden', `${user.username} may not hold ${beyond.join(', ')}`, {
      hint: `ask for scopes among ${holdable.join(' ')}, or leave scopes out to get all of them`,
      details: { scopes: beyond },
    });
  }
  const scopes = sortScopes(request.scopes ?? holdable);
  const familyId = newRefreshFamilyId();
  const signed = await signUserToken(context, user, scopes, null, familyId);
  const refresh = await context.store.transaction(async (trx) => {
    const issued = await issueRefreshToken(
      trx,
      { userId: user.id, clientId: null, scopes, familyId },
      context.now,
    );
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        actor: { kind: 'user', subject: user.username },
        action: 'session.create',
        target: `user:${user.username}`,
        outcome: 'success',
        details: { username: user.username, scopes, familyId: issued.familyId },
      },
      context.now,
    );
    return issued;
  });
  return {
    accessToken: signed.accessToken,
    tokenType: 'Bearer',
    expiresIn: signed.expiresIn,
    refreshToken: refresh.refreshToken,
    scopes,
  };
}
