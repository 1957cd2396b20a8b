import type { Backend } from '../backends/types.js';
import { configPath, readConfigFile } from '../config/file.js';

/**
 * The backend for a template command: offline (core, no store opened) unless a server is asked for
 * with --server, GTCX_SERVER or the config file; --offline wins over all of them.
 */
export async function openTemplateBackend(flags: {
  offline?: boolean;
  server?: string | undefined;
}): Promise<Backend> {
  const { selectBackend } = await import('../backends/select.js');
  const config = await readConfigFile(configPath(process.env));
  return selectBackend({
    offline: flags.offline,
    server: flags.server,
    env: process.env,
    config: config.values,
    lazyStore: true,
  });
}
