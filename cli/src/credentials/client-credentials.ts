import { createHash } from 'node:crypto';
import { GtcxError } from '@gtcx/core/errors';
import { clientCredentialsToken, oauthClient } from './oauth.js';
import { serverKey } from './store.js';

/** A service account's client id and secret, as CI passes them: GTCX_CLIENT_ID and GTCX_CLIENT_SECRET. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

const clientIdPattern = /^sa-[a-z0-9](?:[a-z0-9-]{0,33}[a-z0-9])?-[a-z0-9]+$/;
const secretPrefix = 'gtcx_cs_';

function misconfigured(message: string, hint: string): GtcxError {
  return new GtcxError('config_invalid', message, { hint });
}

/**
 * The pair from the environment, undefined when neither is set. Half a pair, or values in the wrong
 * variables, are refused here, before anything is sent; the secret is never echoed back.
 */
export function clientCredentialsFromEnv(env: NodeJS.ProcessEnv): ClientCredentials | undefined {
  const clientId = env.GTCX_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.GTCX_CLIENT_SECRET?.trim() ?? '';
  if (clientId === '' && clientSecret === '') return undefined;
  const create = 'gtcx orgs service-accounts create <org> <name> prints both';
  if (clientSecret === '') {
    throw misconfigured('GTCX_CLIENT_ID is set but GTCX_CLIENT_SECRET is not', `set both (${create})`);
  }
  if (clientId === '') {
    throw misconfigured('GTCX_CLIENT_SECRET is set but GTCX_CLIENT_ID is not', `set both (${create})`);
  }
  if (!clientIdPattern.test(clientId)) {
    // The value is not echoed: a secret pasted into the wrong variable would land in CI logs.
    const swapped = clientId.startsWith('gtcx_')
      ? ' (it holds a secret: are the two variables swapped?)'
      : '';
    throw misconfigured(
      `GTCX_CLIENT_ID is not a service account's client id${swapped}`,
      `a client id looks like sa-<org>-<name>, e.g. sa-acme-ci (${create})`,
    );
  }
  if (!clientSecret.startsWith(secretPrefix)) {
    throw misconfigured(
      `GTCX_CLIENT_SECRET is not a service account's client secret (it does not start with ${secretPrefix})`,
      `use the secret printed once by gtcx orgs service-accounts create; a lost secret means a new service account`,
    );
  }
  return { clientId, clientSecret };
}

interface Issued {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Access tokens already traded for in this process, by server, client and secret: a command that
 * makes many requests trades once. Pending trades are shared so concurrent callers wait for one.
 */
const issued = new Map<string, Promise<Issued>>();

/** Trade again this long before the token expires, so a request never leaves with a dying one. */
const renewMarginMs = 60_000;

function cacheKey(serverUrl: string, credentials: ClientCredentials): string {
  const secret = createHash('sha256').update(credentials.clientSecret).digest('hex');
  return `${serverKey(serverUrl)}\n${credentials.clientId}\n${secret}`;
}

/** An access token for the service account at `serverUrl`, from this process's cache or a new trade. */
export async function serviceAccountToken(
  serverUrl: string,
  credentials: ClientCredentials,
  options: { fetch?: typeof globalThis.fetch; now?: () => number } = {},
): Promise<string> {
  const now = options.now ?? Date.now;
  const key = cacheKey(serverUrl, credentials);
  const cached = issued.get(key);
  if (cached !== undefined) {
    const hit = await cached.catch(() => undefined);
    if (hit !== undefined && hit.expiresAt - now() > renewMarginMs) return hit.token;
    if (issued.get(key) === cached) issued.delete(key);
  }
  const pending = issued.get(key) ?? trade(serverUrl, credentials, options.fetch, now);
  issued.set(key, pending);
  try {
    return (await pending).token;
  } catch (error) {
    if (issued.get(key) === pending) issued.delete(key);
    throw error;
  }
}

async function trade(
  serverUrl: string,
  credentials: ClientCredentials,
  fetch: typeof globalThis.fetch | undefined,
  now: () => number,
): Promise<Issued> {
  const server = serverKey(serverUrl);
  const tokens = await clientCredentialsToken(
    oauthClient(server, fetch),
    server,
    credentials.clientId,
    credentials.clientSecret,
  );
  return { token: tokens.access_token, expiresAt: now() + tokens.expires_in * 1000 };
}
