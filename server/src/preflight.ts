import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { ServerConfig } from './config.js';

/**
 * Binds and releases both ports before anything is opened, so a busy port or a foreign host fails
 * the start before a data dir is created or a database migrated. The real listen still maps its own
 * errors: another process may take a port in between.
 */
export async function probePorts(
  config: ServerConfig,
  mapError: (error: unknown, port: number, which: 'http' | 'grpc') => unknown,
): Promise<void> {
  for (const [port, which] of [
    [config.port, 'http'],
    [config.grpcPort, 'grpc'],
  ] as const) {
    // Port 0 is probed too: binding it still proves the host is an address of this machine.
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error) => reject(mapError(error, port, which)));
      probe.listen({ host: config.host, port, exclusive: true }, () => probe.close(() => resolve()));
    });
  }
}

/**
 * The embedded store's data dir, if this start is about to create it: removed again when the start
 * fails, so a failed first start leaves no empty or half-initialised store behind.
 */
export function dataDirToCleanUp(config: ServerConfig): (() => void) | undefined {
  if (config.databaseUrl !== undefined || existsSync(config.dataDir)) return undefined;
  return () => rmSync(config.dataDir, { recursive: true, force: true });
}
