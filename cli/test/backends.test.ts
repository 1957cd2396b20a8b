import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServerConfig, startServer } from '@gtcx/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalBackend } from '../src/backends/local.js';
import { openRemoteBackend } from '../src/backends/remote.js';
import { planBackend, selectBackend } from '../src/backends/select.js';
import type { Backend } from '../src/backends/types.js';
import { freePort } from './support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'gtcx-backends-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A real gtcx server (HTTP and gRPC) on free ports, with its own SQLite store. */
function startTestServer() {
  const dataDir = mkdtempSync(join(scratch, 'server-'));
  return startServer(resolveServerConfig({ dataDir, host: '127.0.0.1', port: 0, grpcPort: 0 }, {}), {
    logger: false,
  });
}

const server = await startTestServer();
afterAll(() => server.close());

const backends: Array<{ mode: Backend['mode']; open: () => Promise<Backend>; location: () => string }> = [
  {
    mode: 'local',
    open: () => openLocalBackend(join(scratch, 'local-data')),
    location: () => join(scratch, 'local-data', 'gtcx.db'),
  },
  { mode: 'remote', open: async () => openRemoteBackend({ server: server.url }), location: () => server.url },
];

describe.each(backends)('$mode backend', ({ mode, open, location }) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.close());

  it('says what it is and where its data lives', () => {
    expect(backend.mode).toBe(mode);
    expect(backend.location).toContain(location());
  });

  it('reports a healthy status with named checks', async () => {
    const status = await backend.status();
    expect(status).toMatchObject({ mode, location: backend.location, ok: true });
    expect(status.checks.length).toBeGreaterThan(0);
    for (const check of status.checks) {
      expect(check).toEqual({
        name: expect.any(String),
        ok: true,
        ...(check.detail ? { detail: check.detail } : {}),
      });
    }
    expect(status.checks.map((c) => c.name)).toContain('store');
  });

  it('answers the same status twice, and closes idempotently', async () => {
    const first = await backend.status();
    const second = await backend.status();
    expect(second.checks.map((c) => [c.name, c.ok])).toEqual(first.checks.map((c) => [c.name, c.ok]));
    const extra = await open();
    await extra.close();
    await extra.close();
  });
});

describe('backend failures', () => {
  it('remote: an unreachable server is server_unreachable, naming the URL and the fix', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const backend = openRemoteBackend({ server: url });
    await expect(backend.status()).rejects.toMatchObject({
      code: 'server_unreachable',
      message: expect.stringContaining(url),
      hint: expect.stringMatching(/--server.*GTCX_SERVER.*gtcx server start/),
    });
  });

  it('remote: a server whose store is down is reachable but not ok, naming the failing check', async () => {
    const sick = await startTestServer();
    try {
      await sick.store.close();
      const status = await openRemoteBackend({ server: sick.url }).status();
      expect(status.ok).toBe(false);
      expect(status.checks).toContainEqual(expect.objectContaining({ name: 'store', ok: false }));
    } finally {
      await sick.close();
    }
  });

  it('local: a data dir under a regular file fails without creating anything', async () => {
    const file = join(scratch, 'plain-file');
    writeFileSync(file, 'x');
    await expect(openLocalBackend(join(file, 'gtcx'))).rejects.toMatchObject({
      code: 'data_dir_not_writable',
    });
  });
});

describe('backend selection', () => {
  const local = { mode: 'local', dataDir: '/d/gtcx' };
  const env = { GTCX_DATA_DIR: '/d/gtcx' };
  it.each([
    ['nothing configured', {}, {}, {}, local],
    ['--server', { server: 'http://flag:1' }, {}, {}, { mode: 'remote', server: 'http://flag:1' }],
    ['GTCX_SERVER', {}, { GTCX_SERVER: 'http://env:1' }, {}, { mode: 'remote', server: 'http://env:1' }],
    ['config server', {}, {}, { server: 'http://file:1' }, { mode: 'remote', server: 'http://file:1' }],
    [
      '--server over GTCX_SERVER over config',
      { server: 'http://flag:1' },
      { GTCX_SERVER: 'http://env:1' },
      { server: 'http://file:1' },
      { mode: 'remote', server: 'http://flag:1' },
    ],
    [
      'GTCX_SERVER over config',
      {},
      { GTCX_SERVER: 'http://env:1' },
      { server: 'http://file:1' },
      { mode: 'remote', server: 'http://env:1' },
    ],
    ['--offline over --server', { offline: true, server: 'http://flag:1' }, {}, {}, local],
    ['GTCX_OFFLINE over GTCX_SERVER', {}, { GTCX_OFFLINE: '1', GTCX_SERVER: 'http://env:1' }, {}, local],
    ['config offline over config server', {}, {}, { offline: true, server: 'http://file:1' }, local],
  ])('%s', (_name, flags, extraEnv, config, expected) => {
    expect(planBackend({ ...flags, env: { ...env, ...extraEnv }, config })).toEqual(expected);
  });

  it('refuses a --server that is not an http(s) URL', () => {
    expect(() => planBackend({ server: 'gtcx.example.com', env, config: {} })).toThrow(
      /bad value for "server"/,
    );
  });

  it('opens the backend it plans, loading it lazily', async () => {
    const backend = await selectBackend({ server: server.url, env, config: {} });
    expect(backend.mode).toBe('remote');
    expect((await backend.status()).ok).toBe(true);
    await backend.close();
  });
});
