import { isGtcxError } from '@gtcx/core/errors';
import { clientCredentialsFromEnv, serviceAccountToken } from './client-credentials.js';
import { expiryOf, oauthClient, refreshTokens } from './oauth.js';
import {
  loadCredentials,
  removeCredentials,
  type StoredCredentials,
  saveCredentials,
  withCredentialsLock,
} from './store.js';

export interface TokenRequest {
  /** The server the token is for (any spelling of its base URL). */
  serverUrl: string;
  env?: NodeJS.ProcessEnv;
  /** For tests: the fetch the refresh goes through. */
  fetch?: typeof globalThis.fetch;
  /** For tests: the clock that decides whether the access token is about to expire. */
  now?: () => number;
}

export interface ResolvedToken {
  token: string;
  /**
   * The environment (GTCX_TOKEN, or a service account's GTCX_CLIENT_ID and GTCX_CLIENT_SECRET), or
   * the credentials `gtcx login` stored for this server.
   */
  source: 'env' | 'credentials';
  /** The service account's client id when the token was traded for GTCX_CLIENT_ID and GTCX_CLIENT_SECRET. */
  clientId?: string;
  /** The stored entry (after any refresh) when the token came from the credentials file. */
  credentials?: StoredCredentials;
}

/** Refresh this long before the access token expires, so a request never leaves with a dying one. */
const refreshMarginMs = 60_000;

function expiring(entry: StoredCredentials, now: number): boolean {
  return (
    entry.refreshToken !== null &&
    entry.expiresAt !== null &&
    Date.parse(entry.expiresAt) - now < refreshMarginMs
  );
}

/**
 * The token to send to a server: GTCX_TOKEN when set (CI), else an access token traded for a service
 * account's GTCX_CLIENT_ID and GTCX_CLIENT_SECRET (once per process), else the stored login for that
 * server, refreshed first when its access token is about to expire. Undefined when none exists.
 */
export async function resolveCredentials(request: TokenRequest): Promise<ResolvedToken | undefined> {
  const env = request.env ?? process.env;
  const fromEnv = env.GTCX_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const now = request.now ?? Date.now;
  const client = clientCredentialsFromEnv(env);
  if (client !== undefined) {
    const token = await serviceAccountToken(request.serverUrl, client, {
      now,
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
    return { token, source: 'env', clientId: client.clientId };
  }
  const stored = await loadCredentials(request.serverUrl, env);
  if (stored === undefined) return undefined;
  if (!expiring(stored, now()))
    return { token: stored.accessToken, source: 'credentials', credentials: stored };
  const refreshed = await withCredentialsLock(env, async () => {
    // Another gtcx process may have refreshed while this one waited for the lock: its rotated
    // refresh token is the only valid one now.
    const current = await loadCredentials(request.serverUrl, env);
    if (current === undefined || current.refreshToken === null || !expiring(current, now())) return current;
    const client = oauthClient(request.serverUrl, request.fetch);
    try {
      const tokens = await refreshTokens(client, request.serverUrl, current.refreshToken);
      const next: StoredCredentials = {
        ...current,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? current.refreshToken,
        expiresAt: expiryOf(tokens, now()),
        ...(tokens.scope === undefined ? {} : { scopes: tokens.scope.split(' ').filter(Boolean) }),
        savedAt: new Date(now()).toISOString(),
      };
      await saveCredentials(request.serverUrl, next, env);
      return next;
    } catch (error) {
      // A refused refresh token will never work again; keeping it would fail the same way each time.
      if (isGtcxError(error) && error.details?.error === 'invalid_grant') {
        await removeCredentials(request.serverUrl, env);
      }
      throw error;
    }
  });
  if (refreshed === undefined) return undefined;
  return { token: refreshed.accessToken, source: 'credentials', credentials: refreshed };
}

/**
 * The bearer token for `serverUrl`: GTCX_TOKEN, else a service account's (GTCX_CLIENT_ID and
 * GTCX_CLIENT_SECRET), else the stored (and if need be refreshed) login.
 * Other commands (remote backend, pack registry, audit, server init-admin) call this one function.
 */
export async function resolveToken(request: TokenRequest): Promise<string | undefined> {
  return (await resolveCredentials(request))?.token;
}
