import { GtcxError } from '@gtcx/core/errors';
import { type components, createClient } from '@gtcx/sdk';
import { configPath, readConfigFile, writeConfigFile } from '../config/file.js';
import {
  type DeviceAuthorization,
  expiryOf,
  type OAuthTokens,
  oauthClient,
  pollDeviceToken,
  startDeviceAuthorization,
} from './oauth.js';
import { callServer } from './problems.js';
import { type StoredCredentials, saveCredentials, serverKey, withCredentialsLock } from './store.js';

export type CurrentUser = components['schemas']['CurrentUser'];

export interface LoginResult {
  server: string;
  user: CurrentUser;
  method: StoredCredentials['method'];
  /** Where the credentials were stored. */
  credentialsFile: string;
  /** True when this login also made the server the default (the config file had none). */
  defaultServerSet: boolean;
}

/** Who a token belongs to; a refused token is an error naming the login method that failed. */
export async function currentUser(server: string, token: string, doing: string): Promise<CurrentUser> {
  const client = createClient({ baseUrl: server, token });
  return callServer(server, doing, () => client.GET('/v1/user'));
}

/** The device flow: start it, show the code, wait for the approval, answer the tokens. */
export async function deviceLogin(
  server: string,
  scopes: string[],
  show: (device: DeviceAuthorization) => void,
): Promise<OAuthTokens> {
  const client = oauthClient(server);
  const device = await startDeviceAuthorization(client, server, scopes);
  show(device);
  return pollDeviceToken(client, server, device);
}

/** Stores a login, and makes its server the default when none is configured in the file. */
export async function storeLogin(
  server: string,
  entry: StoredCredentials,
  env: NodeJS.ProcessEnv,
): Promise<{ credentialsFile: string; defaultServerSet: boolean }> {
  const credentialsFile = await withCredentialsLock(env, () => saveCredentials(server, entry, env));
  const config = await readConfigFile(configPath(env));
  if (config.values.server !== undefined) return { credentialsFile, defaultServerSet: false };
  await writeConfigFile(config.path, { ...config.raw, server: serverKey(server) });
  return { credentialsFile, defaultServerSet: true };
}

export function deviceCredentials(tokens: OAuthTokens, user: CurrentUser): StoredCredentials {
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: expiryOf(tokens),
    subject: user.subject,
    scopes: user.scopes,
    method: 'device',
    savedAt: new Date().toISOString(),
  };
}

export function tokenCredentials(token: string, user: CurrentUser): StoredCredentials {
  return {
    accessToken: token,
    refreshToken: null,
    expiresAt: null,
    subject: user.subject,
    scopes: user.scopes,
    method: 'personalAccessToken',
    savedAt: new Date().toISOString(),
  };
}

/** The token piped to `gtcx login --with-token`: one line, never typed at a terminal (it would echo). */
export async function readTokenFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stdin.isTTY) {
    throw new GtcxError(
      'bad_request',
      '--with-token reads the token from standard input, which is a terminal',
      {
        hint: 'pipe it in: gtcx login --with-token < token.txt (or: echo "$TOKEN" | gtcx login --with-token)',
      },
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const token = Buffer.concat(chunks).toString('utf8').trim();
  if (token === '' || /\s/.test(token)) {
    throw new GtcxError('validation_failed', 'standard input held no token (or more than one word)', {
      hint: 'pipe exactly one token: gtcx login --with-token < token.txt',
    });
  }
  return token;
}
