import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient, type GtcxClient } from '@gtcx/sdk';
import { resolveServerConfig, startServer } from '@gtcx/server';
import { createTestDatabase } from '../../core/test/support/postgres.js';
import { gtcx, type TempHome } from './support/cli.js';

export const adminUser = { username: 'root-admin', password: 'correct horse battery staple' };
export const password = 'a long enough password 1';

export const stores = [
  { store: 'sqlite', database: async () => undefined },
  { store: 'postgres', database: createTestDatabase },
] as const;

export type IdentityServer = Awaited<ReturnType<typeof startIdentityServer>>;

/** A real gtcx server on 127.0.0.1 whose first admin is made on start; SQLite, or the PostgreSQL given. */
export async function startIdentityServer(dataDir: string, databaseUrl?: string) {
  const server = await startServer(
    resolveServerConfig(
      {
        dataDir,
        host: '127.0.0.1',
        port: 0,
        grpcPort: 0,
        adminUsername: adminUser.username,
        adminPassword: adminUser.password,
        ...(databaseUrl ? { databaseUrl } : {}),
      },
      {},
    ),
    { logger: false },
  );
  const adminToken = await signIn(server.url, adminUser.username, adminUser.password);
  return {
    url: server.url,
    adminToken,
    close: () => server.close(),
    /** A new user and an access token of theirs (from a password sign-in, so with all their scopes). */
    async createUser(username: string): Promise<{ username: string; token: string }> {
      await expectOk(
        api(server.url, adminToken).POST('/v1/users', { body: { username, password } }),
        `create user ${username}`,
      );
      return { username, token: await signIn(server.url, username, password) };
    },
  };
}

export function api(url: string, token?: string): GtcxClient {
  return createClient({ baseUrl: url, ...(token === undefined ? {} : { token }) });
}

async function expectOk<R extends { data?: unknown; error?: unknown; response: Response }>(
  pending: Promise<R>,
  doing: string,
): Promise<NonNullable<R['data']>> {
  const result = await pending;
  if (!result.response.ok) {
    throw new Error(`${doing}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data as NonNullable<R['data']>;
}

export async function signIn(url: string, username: string, secret: string): Promise<string> {
  const pair = await expectOk(
    api(url).POST('/v1/sessions', { body: { username, password: secret } }),
    `sign in as ${username}`,
  );
  return pair.accessToken;
}

/** What the person does in the browser: approve (or deny) the code the CLI printed. */
export function decideDevice(url: string, token: string, userCode: string, approve = true) {
  return api(url, token).POST('/v1/device-approvals', { body: { userCode, approve } });
}

/** Tries a refresh token at the token endpoint, as the CLI would. */
export async function tryRefresh(
  url: string,
  refreshToken: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'gtcx-cli',
    }),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Starts `gtcx login` as a child and waits for the user code it prints on stderr (plain text or,
 * under --json, a JSON line); the caller approves it and then awaits `done`.
 */
export async function startLogin(home: TempHome, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = gtcx(['login', ...args], home, { env, timeout: 60_000 });
  let seen = '';
  const userCode = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /"userCode":"([A-Z0-9-]+)"|enter code ([A-Z0-9-]+)/.exec(seen);
      if (match) {
        child.stderr?.off('data', onData);
        resolve((match[1] ?? match[2]) as string);
      }
    };
    child.stderr?.on('data', onData);
    child.then(
      (result) =>
        reject(new Error(`gtcx login ended before printing a code: ${result.stderr}${result.stdout}`)),
      reject,
    );
  });
  return { userCode, prompt: () => seen, done: child };
}

/** Writes a credentials file by hand (mode 0600), as a previous login would have left it. */
export function writeCredentials(home: TempHome, servers: Record<string, unknown>): string {
  const path = join(home.root, 'config', 'gtcx', 'credentials.json');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify({ version: 1, servers }), { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function credentialsFile(home: TempHome): string {
  return join(home.root, 'config', 'gtcx', 'credentials.json');
}

/** Runs the built CLI with --json and parses stdout. */
export async function gtcxJson(args: string[], home: TempHome, env: NodeJS.ProcessEnv = {}) {
  const result = await gtcx([...args, '--json'], home, { env, timeout: 60_000 });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(result.stdout);
  } catch {
    // Not JSON: the test's expectations on exitCode and stderr say what went wrong.
  }
  return { ...result, json };
}
