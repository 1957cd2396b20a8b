import { resolveServerConfig, type ServerConfig } from '../../src/config.js';
import type { TestStore } from './stores.js';

/** Port 0 everywhere so parallel test files never collide. */
export function testConfig(store: TestStore): ServerConfig {
  return resolveServerConfig(
    { port: 0, grpcPort: 0, dataDir: store.dataDir, databaseUrl: store.databaseUrl, logLevel: 'silent' },
    {},
  );
}
