import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../src/config.js';
import { defaultRateLimitSettings } from '../src/http/rate-limit-settings.js';

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
      adminToken: undefined,
      packSigningKey: undefined,
      packMaxBytes: undefined,
      publicUrl: undefined,
      redisUrl: undefined,
      rateLimits: defaultRateLimitSettings,
      trustProxy: false,
      bootstrapAdmin: undefined,
    });
  });

  it('believes proxies only when told which (GTCX_TRUST_PROXY)', () => {
    expect(resolveServerConfig({}, { GTCX_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(resolveServerConfig({}, { GTCX_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(resolveServerConfig({}, { GTCX_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
    expect(() => resolveServerConfig({}, { GTCX_TRUST_PROXY: 'the load balancer' })).toThrow(/trustProxy/);
  });

  it('reads the first admin, the public URL, Redis and rate limits from the environment', () => {
    const config = resolveServerConfig(
      {},
      {
        GTCX_ADMIN_USERNAME: 'root',
        GTCX_ADMIN_PASSWORD: 'a-long-enough-password',
        GTCX_ADMIN_EMAIL: 'root@example.com',
        GTCX_PUBLIC_URL: 'https://gtcx.example.com/',
        REDIS_URL: 'redis://cache:6379/2',
        GTCX_RATE_LIMIT_SIGN_IN: '5',
      },
    );
    expect(config.bootstrapAdmin).toEqual({
      username: 'root',
      password: 'a-long-enough-password',
      email: 'root@example.com',
    });
    expect(config.publicUrl).toBe('https://gtcx.example.com');
    expect(config.redisUrl).toBe('redis://cache:6379/2');
    expect(config.rateLimits.signIn).toBe(5);
  });

  it('makes an `admin` without a password when only GTCX_ADMIN_TOKEN is set', () => {
    const token = `gtcx_${'a'.repeat(40)}`;
    expect(resolveServerConfig({}, { GTCX_ADMIN_TOKEN: token }).bootstrapAdmin).toEqual({
      username: 'admin',
      password: undefined,
      email: undefined,
    });
  });

  it('refuses half an admin, a short password, a non-gtcx_ token, and bad URLs, never echoing secrets', () => {
    expect(() => resolveServerConfig({}, { GTCX_ADMIN_USERNAME: 'root' })).toThrow(/adminPassword/);
    const short = () =>
      resolveServerConfig({}, { GTCX_ADMIN_USERNAME: 'root', GTCX_ADMIN_PASSWORD: 'hunter2' });
    expect(short).toThrow(expect.objectContaining({ hint: expect.stringContaining('at least 12') }));
    expect(short).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
    const plain = () => resolveServerConfig({}, { GTCX_ADMIN_TOKEN: 'x'.repeat(40) });
    expect(plain).toThrow(
      expect.objectContaining({ code: 'config_invalid', hint: expect.stringContaining('gtcx_') }),
    );
    expect(() => resolveServerConfig({}, { GTCX_PUBLIC_URL: 'ftp://example.com' })).toThrow(/publicUrl/);
    expect(() => resolveServerConfig({}, { REDIS_URL: 'http://:secret@cache' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
    expect(() => resolveServerConfig({}, { GTCX_RATE_LIMIT_PER_IP: 'lots' })).toThrow(
      /GTCX_RATE_LIMIT_PER_IP/,
    );
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
