import { GtcxError } from '@gtcx/core';
import { hasScope, type Principal, type Scope } from '../../auth/principal.js';

export interface TokenGrantRequest {
  scopes: readonly Scope[];
  packScopes?: readonly string[] | undefined;
}

/**
 * What a caller may put in a personal access token: only scopes its own token holds, `admin` only
 * when it is a server admin, and never wider pack scopes than its own token's. Service accounts get
 * short-lived access tokens with their client secret instead: a personal access token would outlive
 * the secret's rotation and the account's deletion checks of its org. Answers the pack scopes the
 * new token gets (a limited caller's limit carries over when none are asked for).
 */
export function authorizeTokenGrant(principal: Principal, request: TokenGrantRequest): string[] {
  if (principal.kind === 'serviceAccount') {
    throw new GtcxError('forbidden', 'Service accounts cannot create personal access tokens', {
      hint: 'get access tokens with grant_type=client_credentials at /oauth/token instead',
    });
  }
  if (request.scopes.includes('admin') && !principal.admin) {
    throw new GtcxError('forbidden', 'Only server admins may create tokens with the admin scope', {
      hint: 'ask for the specific scopes you need instead of admin',
      details: { scopes: ['admin'] },
    });
  }
  const beyond = request.scopes.filter((scope) => !hasScope(principal, scope));
  if (beyond.length > 0) {
    throw new GtcxError(
      'forbidden',
      `A token can carry only scopes your own token holds; yours lacks ${beyond.join(', ')}`,
      {
        hint: `create it with a token that holds ${beyond.join(' ')} (sign in again asking for it), or leave those scopes out`,
        details: { scopes: beyond },
      },
    );
  }
  const asked = [...new Set(request.packScopes ?? [])];
  if (principal.packScopes.length === 0) return asked;
  if (asked.length === 0) {
    const publishes = request.scopes.includes('packs:publish') || request.scopes.includes('admin');
    return publishes ? [...principal.packScopes] : [];
  }
  const wider = asked.filter((scope) => !principal.packScopes.includes(scope));
  if (wider.length > 0) {
    throw new GtcxError(
      'forbidden',
      `Your token may publish only to ${principal.packScopes.join(', ')}; it cannot grant ${wider.join(', ')}`,
      {
        hint: 'leave those pack scopes out, or use a token without a pack scope limit',
        details: { packScopes: wider },
      },
    );
  }
  return asked;
}
