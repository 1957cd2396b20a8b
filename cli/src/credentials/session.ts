import { GtcxError } from '@gtcx/core/errors';
import { createClient, type GtcxClient } from '@gtcx/sdk';
import { configPath, readConfigFile } from '../config/file.js';
import { parseValue, resolveEntry } from '../config/resolve.js';
import { type CallHints, callServer } from './problems.js';
import { type ResolvedToken, resolveCredentials } from './resolve.js';

/** A signed-in conversation with one gtcx server. */
export interface Session {
  server: string;
  client: GtcxClient;
  /** Where the token came from. */
  auth: ResolvedToken;
  /** The request's data, or the GtcxError naming what could not be done and why. */
  call<R extends { data?: unknown; error?: unknown; response: Response }>(
    doing: string,
    request: (client: GtcxClient) => Promise<R>,
    hints?: CallHints,
  ): Promise<Exclude<R['data'], undefined>>;
}

/**
 * The server identity commands talk to: --server (or GTCX_SERVER), then the config file. These
 * commands exist only online, so `offline` does not apply to them.
 */
export async function resolveServer(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (flag !== undefined && flag !== '') return parseValue('server', flag) as string;
  const config = await readConfigFile(configPath(env));
  const url = resolveEntry('server', config.values, env).value;
  if (typeof url === 'string' && url !== '') return url;
  throw new GtcxError('bad_request', 'no gtcx server is configured', {
    hint: 'pass --server URL, set GTCX_SERVER, or run gtcx config set server URL',
  });
}

export function notLoggedIn(server: string): GtcxError {
  return new GtcxError('unauthenticated', `not logged in to ${server}`, {
    hint: `run gtcx login --server ${server}, or set GTCX_TOKEN to a token (or GTCX_CLIENT_ID and GTCX_CLIENT_SECRET for a service account)`,
    details: { server },
  });
}

export async function openSession(
  flags: { server?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Session> {
  const server = await resolveServer(flags.server, env);
  const auth = await resolveCredentials({ serverUrl: server, env });
  if (auth === undefined) throw notLoggedIn(server);
  const client = createClient({ baseUrl: server, token: auth.token });
  return {
    server,
    client,
    auth,
    call: (doing, request, hints) => callServer(server, doing, () => request(client), hints),
  };
}

/** Every page of a list operation, in order (lists cap a page at 100 items). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}
