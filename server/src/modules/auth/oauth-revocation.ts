import { isGtcxError } from '@gtcx/core';
import { recordAuditEvent } from '../compliance/index.js';
import { looksLikeJwt, revokeAccessToken, verifyAccessToken } from './access-tokens.js';
import { authenticateClient, type PresentedClient } from './oauth-clients.js';
import { OAuthError } from './oauth-errors.js';
import { secretPrefixes } from './oauth-secrets.js';
import type { GrantContext } from './oauth-tokens.js';
import { personalTokenPrefix } from './personal-tokens.js';
import { findRefreshToken, revokeRefreshFamily } from './refresh-tokens.js';

export type TokenTypeHint = 'access_token' | 'refresh_token';

/**
 * RFC 7009 revocation. A refresh token ends its whole family (the sign-in), an access token goes on
 * the denylist until it would have expired. Anything unknown, expired or already revoked is answered
 * like a success (section 2.2), so the endpoint tells nobody which tokens exist. Holding a token is
 * enough to revoke it; a client that authenticates must do so correctly.
 */
export async function revokeOAuthToken(
  context: GrantContext,
  presented: PresentedClient | undefined,
  token: string,
  hint: TokenTypeHint | undefined,
): Promise<void> {
  if (presented !== undefined) await authenticateClient(context.store.db, presented);
  const asRefresh = () =>
    token.startsWith(secretPrefixes.refreshToken) ? revokeRefresh(context, token) : false;
  const asAccess = () => (looksLikeJwt(token) ? revokeAccess(context, token) : false);
  const order = hint === 'access_token' ? [asAccess, asRefresh] : [asRefresh, asAccess];
  for (const attempt of order) if (await attempt()) return;
  if (token.startsWith(personalTokenPrefix) && !token.startsWith(secretPrefixes.refreshToken)) {
    // Answering 200 would let `gtcx logout` believe a personal access token stopped working.
    throw new OAuthError(
      'unsupported_token_type',
      'personal access tokens are revoked with DELETE /v1/tokens/{tokenId} (gtcx tokens revoke), not here',
    );
  }
}

async function revokeRefresh(context: GrantContext, token: string): Promise<boolean> {
  const row = await findRefreshToken(context.store.db, token);
  if (row === undefined) return false;
  const user = await context.users.getUserById(row.grant.userId);
  await context.store.transaction(async (trx) => {
    const revoked = await revokeRefreshFamily(trx, row.grant.familyId, context.now);
    if (revoked === 0) return;
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        actor: user ? { kind: 'user', subject: user.username } : null,
        action: 'oauth.revoke',
        target: user ? `user:${user.username}` : null,
        outcome: 'success',
        details: {
          tokenType: 'refresh_token',
          clientId: row.grant.clientId,
          familyId: row.grant.familyId,
          revoked,
        },
      },
      context.now,
    );
  });
  return true;
}

async function revokeAccess(context: GrantContext, token: string): Promise<boolean> {
  let verified: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    // Any issuer: the signature proves the token is this server's, whatever URL it was asked at.
    verified = await verifyAccessToken(context.store, token, { issuer: undefined, now: context.now });
  } catch (error) {
    if (isGtcxError(error)) return false;
    throw error;
  }
  await context.store.transaction(async (trx) => {
    await revokeAccessToken(trx, verified.jti, verified.expiresAt);
    await recordAuditEvent(
      trx,
      {
        ...context.audit,
        actor: { kind: verified.kind, subject: verified.subject },
        action: 'oauth.revoke',
        target:
          verified.kind === 'serviceAccount' ? `client:${verified.subject}` : `user:${verified.subject}`,
        outcome: 'success',
        details: { tokenType: 'access_token', clientId: verified.clientId, jti: verified.jti },
      },
      context.now,
    );
  });
  return true;
}
