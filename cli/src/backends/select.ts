import { gtcxDirs } from '@gtcx/core/paths';
import type { ConfigValues } from '../config/keys.js';
import { parseValue, resolveEntry } from '../config/resolve.js';
import type { Backend } from './types.js';

export interface BackendChoice {
  /** --offline */
  offline?: boolean | undefined;
  /** --server */
  server?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The config file's values. */
  config: ConfigValues;
  /** Template commands: the local store opens only if an operation needs it (none of theirs do). */
  lazyStore?: boolean;
  /** Where relative template paths resolve; the process's cwd when left out. */
  cwd?: string;
}

export type BackendPlan = { mode: 'local'; dataDir: string } | { mode: 'remote'; server: string };

/**
 * Offline wins wherever it is asked for (flag, GTCX_OFFLINE, config): it is the explicit way to
 * keep working when a server is configured but out of reach. Otherwise the nearest server setting
 * wins: --server, then GTCX_SERVER, then the config file; with none, the local store.
 */
export function planBackend({ offline, server, env, config }: BackendChoice): BackendPlan {
  const local = { mode: 'local', dataDir: gtcxDirs(env).data } as const;
  if (offline === true || resolveEntry('offline', config, env).value === true) return local;
  const url = server === undefined ? resolveEntry('server', config, env).value : parseValue('server', server);
  if (typeof url === 'string' && url !== '') return { mode: 'remote', server: url };
  return local;
}

/** The backends load lazily: the local one pulls in SQLite, the remote one the SDK. */
export async function selectBackend(choice: BackendChoice): Promise<Backend> {
  const plan = planBackend(choice);
  if (plan.mode === 'local') {
    const { openLocalBackend } = await import('./local.js');
    return openLocalBackend(plan.dataDir, {
      env: choice.env,
      ...(choice.lazyStore ? { lazyStore: true } : {}),
      ...(choice.cwd === undefined ? {} : { cwd: choice.cwd }),
    });
  }
  const [{ openRemoteBackend }, { resolveToken }] = await Promise.all([
    import('./remote.js'),
    import('../credentials/index.js'),
  ]);
  return openRemoteBackend({
    server: plan.server,
    // GTCX_TOKEN, else what `gtcx login` stored for this server (refreshed when about to expire).
    token: await resolveToken({ serverUrl: plan.server, env: choice.env }),
    env: choice.env,
    ...(choice.cwd === undefined ? {} : { cwd: choice.cwd }),
  });
}
