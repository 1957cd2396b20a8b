import { resolveServerConfig, type ServerConfig } from '../../src/config.js';
import type { TestStore } from './stores.js';

/** The interim admin token every test server is configured with. */
export const testAdminToken = 'gtcx_test_admin_token_0123456789abcdef';

/** The header that authenticates a test request to a secured operation. */
export const adminAuthorization = { authorization: `Bearer ${testAdminToken}` };

/** Port 0 everywhere so parallel test files never collide. */
export function testConfig(store: TestStore): ServerConfig {
  return resolveServerConfig(
    {
      port: 0,
      grpcPort: 0,
      dataDir: store.dataDir,
      databaseUrl: store.databaseUrl,
      logLevel: 'silent',
      adminToken: testAdminToken,
    },
    {},
  );
}
