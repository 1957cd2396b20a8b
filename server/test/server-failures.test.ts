import { createServer, type Server } from 'node:net';
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

async function target(): Promise<TestStore> {
  const store = await createTestStore('sqlite');
  cleanups.push(() => store.dispose());
  return store;
}

describe('startServer failures', () => {
  it('reports an HTTP port in use as port_in_use and closes the store it opened', async () => {
    const port = await occupiedPort();
    const config = { ...testConfig(await target()), port };
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'port_in_use',
      message: `Port ${port} on 127.0.0.1 is already in use`,
      hint: 'Stop the other process or pass --port <n> (or GTCX_PORT)',
    });
    expect(opened).toHaveLength(2);
    await expect(opened.at(-1)?.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
  });

  it('reports a gRPC port in use as port_in_use and frees the HTTP port again', async () => {
    const grpcPort = await occupiedPort();
    const httpPort = await occupiedPort();
    // Free the HTTP port so the server can take it; it must give it back when gRPC fails.
    await cleanups.pop()?.();
    const config = { ...testConfig(await target()), port: httpPort, grpcPort };
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'port_in_use', hint: expect.stringContaining('--grpc-port') });
    expect((failure as Error).message).toContain(`Port ${grpcPort} on 127.0.0.1 is already in use`);
    await expect(opened.at(-1)?.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(httpPort, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });

  it('refuses a host that is not an address of this machine with config_invalid', async () => {
    const config = { ...testConfig(await target()), host: '203.0.113.7' };
    const failure = await startServer(config, { logger: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'config_invalid', hint: expect.stringContaining('--host') });
    await expect(opened.at(-1)?.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
  });
});
