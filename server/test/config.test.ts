import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../src/config.js';

describe('resolveServerConfig', () => {
  it('defaults to 127.0.0.1:4800, gRPC 4801, SQLite in the XDG data dir', () => {
    const config = resolveServerConfig({}, { HOME: '/home/ada' });
    expect(config).toEqual({
      host: '127.0.0.1',
      port: 4800,
      grpcPort: 4801,
      dataDir: '/home/ada/.local/share/gtcx/server',
      databaseUrl: undefined,
      logLevel: 'info',
      version: '0.1.0',
    });
  });

  it('takes the environment, and flags over the environment', () => {
    const env = {
      GTCX_PORT: '5000',
      GTCX_GRPC_PORT: '0',
      GTCX_DATA_DIR: '/srv/gtcx',
      DATABASE_URL: 'postgres://app@db:5432/gtcx',
      GTCX_LOG_LEVEL: 'debug',
      GTCX_HOST: '0.0.0.0',
    };
    expect(resolveServerConfig({}, env)).toMatchObject({
      host: '0.0.0.0',
      port: 5000,
      grpcPort: 0,
      dataDir: '/srv/gtcx',
      databaseUrl: 'postgres://app@db:5432/gtcx',
      logLevel: 'debug',
    });
    const flags = {
      port: 6000,
      grpcPort: '6001',
      dataDir: 'rel/dir',
      databaseUrl: 'postgresql://x@y/z',
      host: '::1',
    };
    expect(resolveServerConfig(flags, env)).toMatchObject({
      host: '::1',
      port: 6000,
      grpcPort: 6001,
      dataDir: resolve('rel/dir'),
      databaseUrl: 'postgresql://x@y/z',
    });
  });

  it('ignores empty environment variables', () => {
    const config = resolveServerConfig({}, { HOME: '/h', GTCX_PORT: '', DATABASE_URL: '' });
    expect(config.port).toBe(4800);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(join('/h', '.local/share/gtcx/server'));
  });

  it.each([
    [{ port: 70000 }, {}, 'port', '70000'],
    [{ port: -1 }, {}, 'port', '-1'],
    [{ port: 1.5 }, {}, 'port', '1.5'],
    [{}, { GTCX_PORT: 'http' }, 'port', 'http'],
    [{}, { GTCX_GRPC_PORT: '12ab' }, 'grpcPort', '12ab'],
    [{ host: ' ' }, {}, 'host', ' '],
    [{}, { GTCX_LOG_LEVEL: 'loud' }, 'logLevel', 'loud'],
    [{ databaseUrl: 'mysql://root@db/x' }, {}, 'databaseUrl', 'mysql://root@db/x'],
  ])('refuses %j %j naming %s', (flags, env, field, value) => {
    let failure: unknown;
    try {
      resolveServerConfig(flags, env);
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'config_invalid', details: { field, value } });
    expect((failure as Error).message).toContain(`${field} "${value}"`);
    expect((failure as { hint: string }).hint).toBeTruthy();
  });

  it('never echoes a database password in the error', () => {
    expect(() => resolveServerConfig({ databaseUrl: 'mysql://root:hunter2@db/x' }, {})).toThrow(
      'databaseUrl "mysql://root:***@db/x"',
    );
  });
});
