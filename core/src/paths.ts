import { homedir } from 'node:os';
import { join } from 'node:path';

export interface GtcxDirs {
  config: string;
  data: string;
  cache: string;
}

/**
 * XDG base directories for gtcx. GTCX_*_DIR wins over XDG_*_HOME so tests and CI can isolate a run
 * without touching HOME.
 */
export function gtcxDirs(env: NodeJS.ProcessEnv = process.env): GtcxDirs {
  const home = env.HOME ?? homedir();
  const pick = (own: string, xdg: string, fallback: string) =>
    env[own] ?? join(env[xdg] ?? join(home, fallback), 'gtcx');
  return {
    config: pick('GTCX_CONFIG_DIR', 'XDG_CONFIG_HOME', '.config'),
    data: pick('GTCX_DATA_DIR', 'XDG_DATA_HOME', join('.local', 'share')),
    cache: pick('GTCX_CACHE_DIR', 'XDG_CACHE_HOME', '.cache'),
  };
}
