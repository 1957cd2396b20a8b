import { resolve } from 'node:path';
import { type GtcxDirs, GtcxError, gtcxDirs, lockfileName, PackCache } from '@gtcx/core';
import { configPath, readConfigFile } from '../config/file.js';
import { parseValue, resolveEntry } from '../config/resolve.js';
import { resolveToken } from '../credentials/index.js';
import { PackRegistry } from './registry.js';

export interface PackFlags {
  server?: string | undefined;
  offline?: boolean | undefined;
}

/** Everything a pack command works with: where things live, which server, online or not. */
export interface PackContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  dirs: GtcxDirs;
  cache: PackCache;
  /** The configured server's root URL, when there is one. */
  server: string | undefined;
  token: string | undefined;
  /** Cache only: nothing is fetched. */
  offline: boolean;
  /** The registry at the configured server; throws when none is configured. */
  registry(doing: string): PackRegistry;
  /** The registry at any server URL (a lockfile's); the token goes only to the configured server. */
  registryAt(server: string): PackRegistry;
}

/**
 * --server, then GTCX_SERVER, then the config file name the registry; --offline (or GTCX_OFFLINE,
 * or offline in the config) keeps every install on the cache.
 */
export async function openPackContext(
  flags: PackFlags,
  env = process.env,
  cwd = process.cwd(),
): Promise<PackContext> {
  const config = await readConfigFile(configPath(env));
  const url =
    flags.server === undefined
      ? resolveEntry('server', config.values, env).value
      : parseValue('server', flags.server);
  const server = typeof url === 'string' && url !== '' ? url.replace(/\/+$/, '') : undefined;
  const offline = flags.offline === true || resolveEntry('offline', config.values, env).value === true;
  const dirs = gtcxDirs(env);
  const token = server === undefined ? undefined : await resolveToken({ serverUrl: server, env });
  const registries = new Map<string, PackRegistry>();
  const registryAt = (at: string) => {
    const base = at.replace(/\/+$/, '');
    let registry = registries.get(base);
    if (!registry) {
      registry = new PackRegistry({
        server: base,
        // A lockfile may point at another host: never hand it this server's token.
        token: server !== undefined && sameOrigin(base, server) ? token : undefined,
        cacheDir: dirs.cache,
        offline,
      });
      registries.set(base, registry);
    }
    return registry;
  };
  return {
    env,
    cwd,
    dirs,
    cache: new PackCache(dirs.cache),
    server,
    token,
    offline,
    registryAt,
    registry(doing) {
      if (server === undefined) {
        throw new GtcxError('bad_request', `no gtcx server is configured to ${doing}`, {
          hint: 'pass --server URL, set GTCX_SERVER, or run gtcx config set server URL',
        });
      }
      return registryAt(server);
    },
  };
}

export function lockfilePath(context: PackContext, flag: string | undefined): string {
  return resolve(context.cwd, flag ?? lockfileName);
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
