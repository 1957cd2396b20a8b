import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@gtcx/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer } from '../src/main.js';
import { testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

// Records every store the server opens, to prove a failed start closes it again.
const opened = vi.hoisted(() => [] as Store[]);
vi.mock('@gtcx/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@gtcx/core')>();
  return {
    ...core,
    openStore: async (config: Parameters<typeof core.openStore>[0]) => {
      const store = await core.openStore(config);
      opened.push(store);
      return store;
    },
  };
});

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  opened.length = 0;
});

async function occupiedPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
  const address = blocker.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A config whose SQLite data dir does not exist yet: a failed start must not leave it behind. */
function freshDataDirConfig(overrides: Partial<ReturnType<typeof testConfig>>) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gtcx-start-')), 'data');
  return { ...testConfig({ dataDir, databaseUrl: undefined } as TestStore), ...overrides };
}

async function target(): Promise<TestStore> {
  const store = await createTestStore('sqlite');
  cleanups.push(() => store.dispose());
  return store;
}

describe('startServer failures', () => {
  it('reports an HTTP port in use as port_in_use before it creates a data dir or opens a store', async () => {
    const port = await occupiedPort();
    const config = freshDataDirConfig({ port });
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'port_in_use',
      message: `Port ${port} on 127.0.0.1 is already in use`,
      hint: 'Stop the other process or pass --port <n> (or GTCX_PORT)',
    });
    expect(opened).toHaveLength(0);
    expect(existsSync(config.dataDir)).toBe(false);
  });

  it('reports a gRPC port in use as port_in_use, naming --grpc-port, with nothing created', async () => {
    const grpcPort = await occupiedPort();
    const config = freshDataDirConfig({ grpcPort });
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'port_in_use', hint: expect.stringContaining('--grpc-port') });
    expect((failure as Error).message).toBe(`Port ${grpcPort} on 127.0.0.1 is already in use (gRPC)`);
    expect(opened).toHaveLength(0);
    expect(existsSync(config.dataDir)).toBe(false);
  });

  it('refuses a host that is not an address of this machine with config_invalid, with nothing created', async () => {
    const config = freshDataDirConfig({ host: '203.0.113.7' });
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'config_invalid', hint: expect.stringContaining('--host') });
    expect(opened).toHaveLength(0);
    expect(existsSync(config.dataDir)).toBe(false);
  });

  it('closes the store it opened when a later step fails, and keeps a data dir that existed before', async () => {
    const existing = await target();
    // A database migrated by a newer gtcx: the store opens, then migrate() refuses it.
    await existing.store.db
      .insertInto('gtcx_migrations')
      .values({ module: 'core', name: '9999_from_the_future', applied_at: new Date().toISOString() })
      .execute();
    const failure = await startServer(testConfig(existing), { logger: false }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'config_invalid', hint: expect.stringContaining('upgrade gtcx') });
    // The first store is the test's own; the second is the one startServer opened.
    expect(opened).toHaveLength(2);
    await expect(opened[1]?.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
    expect(existsSync(join(existing.dataDir, 'server.db'))).toBe(true);
  });
});
