import { GtcxError } from '@gtcx/core/errors';
import { type components, createClient, type GtcxClient } from '@gtcx/sdk';
import { problemError, unreachableError } from './problems.js';

/** The OAuth client the server registers for this CLI. */
export const cliClientId = 'gtcx-cli';

export type DeviceAuthorization = components['schemas']['DeviceAuthorizationResponse'];
export type OAuthTokens = components['schemas']['OAuthTokenResponse'];
type OAuthErrorCode = components['schemas']['OAuthError']['error'];

const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** An unauthenticated client for the OAuth endpoints: they take their credentials in the body. */
export function oauthClient(server: string, fetch?: typeof globalThis.fetch): GtcxClient {
  return createClient({ baseUrl: server, ...(fetch === undefined ? {} : { fetch }) });
}

/** An RFC 6749 error body, or undefined when the answer was something else (problem+json). */
function oauthError(body: unknown): { error: OAuthErrorCode; description?: string } | undefined {
  if (typeof body !== 'object' || body === null || typeof (body as { error?: unknown }).error !== 'string') {
    return undefined;
  }
  const { error, error_description } = body as { error: OAuthErrorCode; error_description?: string };
  return { error, ...(typeof error_description === 'string' ? { description: error_description } : {}) };
}

async function post<R extends { data?: unknown; error?: unknown; response: Response }>(
  server: string,
  doing: string,
  request: () => Promise<R>,
): Promise<R> {
  try {
    return await request();
  } catch (error) {
    throw unreachableError(server, doing, error);
  }
}

function refused(server: string, doing: string, result: { error?: unknown; response: Response }): GtcxError {
  const oauth = oauthError(result.error);
  if (oauth === undefined) return problemError(result.error, result.response.status, server, doing);
  const reason = oauth.description ?? oauth.error;
  return new GtcxError(
    oauth.error === 'invalid_client' ? 'unauthenticated' : 'bad_request',
    `cannot ${doing}: ${reason}`,
    {
      hint: `the server at ${server} refused the gtcx CLI's request (${oauth.error}); check that it is a gtcx server of a matching version`,
      details: { server, error: oauth.error },
    },
  );
}

export async function startDeviceAuthorization(
  client: GtcxClient,
  server: string,
  scopes: string[],
): Promise<DeviceAuthorization> {
  const doing = `start a device login at ${server}`;
  const result = await post(server, doing, () =>
    client.POST('/oauth/device_authorization', {
      body: { client_id: cliClientId, ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}) },
      headers: form,
    }),
  );
  if (!result.response.ok || result.data === undefined) throw refused(server, doing, result);
  return result.data;
}

export interface PollOptions {
  /** Waits between polls; replaced by tests and kept abortable for Ctrl-C. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls the token endpoint until the person approves or denies the code, or it expires (RFC 8628
 * §3.5): authorization_pending waits the interval, slow_down adds five seconds to it for good.
 */
export async function pollDeviceToken(
  client: GtcxClient,
  server: string,
  device: DeviceAuthorization,
  options: PollOptions = {},
): Promise<OAuthTokens> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + device.expires_in * 1000;
  let interval = device.interval;
  const doing = `finish the device login at ${server}`;
  for (;;) {
    await sleep(interval * 1000);
    if (now() > deadline) throw expired(server, device);
    const result = await post(server, doing, () =>
      client.POST('/oauth/token', {
        body: { grant_type: deviceGrant, device_code: device.device_code, client_id: cliClientId },
        headers: form,
      }),
    );
    if (result.response.ok && result.data !== undefined) return result.data;
    const oauth = oauthError(result.error);
    if (oauth?.error === 'authorization_pending') continue;
    if (oauth?.error === 'slow_down') {
      interval += 5;
      continue;
    }
    if (oauth?.error === 'access_denied') {
      throw new GtcxError(
        'forbidden',
        `the login was denied: code ${device.user_code} was rejected at ${server}`,
        {
          hint: 'run gtcx login again and approve the code, if the login was yours',
          details: { server, error: oauth.error },
        },
      );
    }
    if (oauth?.error === 'expired_token') throw expired(server, device);
    throw refused(server, doing, result);
  }
}

function expired(server: string, device: DeviceAuthorization): GtcxError {
  const minutes = Math.max(1, Math.round(device.expires_in / 60));
  return new GtcxError('gone', `the login code ${device.user_code} expired before it was approved`, {
    hint: `run gtcx login again and approve the new code within ${minutes} minute${minutes === 1 ? '' : 's'}`,
    details: { server, error: 'expired_token' },
  });
}

/**
 * Trades a refresh token for a new pair (the server rotates it). A refused refresh token means the
 * login is over (expired, revoked or replayed): only a new `gtcx login` helps.
 */
export async function refreshTokens(
  client: GtcxClient,
  server: string,
  refreshToken: string,
): Promise<OAuthTokens> {
  const doing = `refresh the login at ${server}`;
  const result = await post(server, doing, () =>
    client.POST('/oauth/token', {
      body: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: cliClientId },
      headers: form,
    }),
  );
  if (result.response.ok && result.data !== undefined) return result.data;
  const oauth = oauthError(result.error);
  if (oauth?.error === 'invalid_grant') {
    throw new GtcxError('unauthenticated', `your login at ${server} has expired or was revoked`, {
      hint: `run gtcx login --server ${server} to sign in again`,
      details: { server, error: oauth.error },
    });
  }
  throw refused(server, doing, result);
}

/**
 * client_credentials (RFC 6749 section 4.4): a service account trades its client id and secret for
 * an access token carrying all of its client's scopes; there is no refresh token, only a new trade.
 */
export async function clientCredentialsToken(
  client: GtcxClient,
  server: string,
  clientId: string,
  clientSecret: string,
): Promise<OAuthTokens> {
  const doing = `sign in as service account ${clientId} at ${server}`;
  const result = await post(server, doing, () =>
    client.POST('/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      headers: form,
    }),
  );
  if (result.response.ok && result.data !== undefined) return result.data;
  const oauth = oauthError(result.error);
  if (oauth?.error === 'invalid_client' || oauth?.error === 'unauthorized_client') {
    throw new GtcxError(
      'unauthenticated',
      `cannot ${doing}: the server refused GTCX_CLIENT_ID and GTCX_CLIENT_SECRET (${oauth.description ?? oauth.error})`,
      {
        hint: 'check both variables; the service account may have been deleted (gtcx orgs service-accounts list <org> shows those that exist, and an org owner can create a new one)',
        details: { server, clientId, error: oauth.error },
      },
    );
  }
  throw refused(server, doing, result);
}

/** RFC 7009: the server answers 200 for unknown tokens too, so only transport and 5xx fail. */
export async function revokeToken(
  client: GtcxClient,
  server: string,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<void> {
  const doing = `revoke the login at ${server}`;
  const result = await post(server, doing, () =>
    client.POST('/oauth/revoke', {
      body: { token, token_type_hint: hint, client_id: cliClientId },
      headers: form,
    }),
  );
  if (!result.response.ok) throw refused(server, doing, result);
}

/** When an access token issued now stops working. */
export function expiryOf(tokens: OAuthTokens, now = Date.now()): string {
  return new Date(now + tokens.expires_in * 1000).toISOString();
}
