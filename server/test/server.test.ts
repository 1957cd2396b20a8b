import { credentials, status } from '@grpc/grpc-js';
import {
  type HealthCheckResponse,
  HealthClient,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@gtcx/sdk/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/main.js';
import type { OperationHandlers } from '../src/modules/types.js';
import { testAdminToken, testConfig } from './support/config.js';
import { grpcClients } from './support/grpc.js';
import { createTestStore, type TestStore } from './support/stores.js';

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh data dir or database; the server opens and migrates its own store there. */
async function serve(dialect: 'sqlite' | 'postgres', handlers?: OperationHandlers): Promise<RunningServer> {
  const target: TestStore = await createTestStore(dialect);
  cleanups.push(() => target.dispose());
  const server = await startServer(testConfig(target), { logger: false, ...(handlers ? { handlers } : {}) });
  cleanups.push(() => server.close());
  return server;
}

describe.each(['sqlite', 'postgres'] as const)('startServer on %s', (dialect) => {
  it('answers HTTP and the gRPC health check, and NOT_SERVING once the store breaks', async () => {
    const server = await serve(dialect);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.store.dialect).toBe(dialect);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBeTruthy();
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: [{ name: 'store', status: 'ok' }] });

    const grpc = grpcClients(server.grpcAddress);
    cleanups.push(async () => grpc.close());
    expect(await grpc.check('')).toEqual({ status: ServingStatus.SERVING });
    expect(await grpc.check('gtcx.v1.PackService')).toEqual({ status: ServingStatus.SERVING });
    await expect(grpc.check('gtcx.v1.NoSuchService')).rejects.toMatchObject({ code: status.NOT_FOUND });

    await server.store.close();
    expect(await grpc.check('')).toEqual({ status: ServingStatus.NOT_SERVING });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
  });
});

describe('startServer', () => {
  it('answers TokenService over gRPC: an unknown token is inactive, the admin token active', async () => {
    const server = await serve('sqlite');
    const grpc = grpcClients(server.grpcAddress, testAdminToken);
    cleanups.push(async () => grpc.close());
    expect(await grpc.introspectToken(`gtcx_${'0'.repeat(43)}`)).toMatchObject({ active: false });
    expect(await grpc.introspectToken(testAdminToken)).toMatchObject({ active: true, username: 'admin' });
  });

  it('streams health with Watch and ends the streams when the server closes', async () => {
    const server = await serve('sqlite');
    const client = new HealthClient(server.grpcAddress, credentials.createInsecure());
    cleanups.push(async () => client.close());
    const watch = (service: string) => {
      const call = client.watch({ service });
      const statuses: ServingStatus[] = [];
      let first!: () => void;
      const received = new Promise<void>((resolve) => {
        first = resolve;
      });
      call.on('data', (response: HealthCheckResponse) => {
        statuses.push(response.status);
        first();
      });
      const ended = new Promise<void>((resolve, reject) => {
        call.on('end', resolve);
        call.on('error', reject);
      });
      return { statuses, received, ended };
    };
    const server1 = watch('');
    const unknown = watch('gtcx.v1.NoSuchService');
    await Promise.all([server1.received, unknown.received]);
    await server.close();
    await Promise.all([server1.ended, unknown.ended]);
    expect(server1.statuses).toEqual([ServingStatus.SERVING]);
    expect(unknown.statuses).toEqual([ServingStatus.SERVICE_UNKNOWN]);
  });

  it('drains an in-flight request on close, then refuses new connections', async () => {
    let started!: () => void;
    const arrived = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await serve('sqlite', {
      getHealth: async ({ ctx }) => {
        started();
        await released;
        return { status: 'ok', version: ctx.config.version, uptimeSeconds: 1 };
      },
    });

    const slow = fetch(`${server.url}/healthz`);
    await arrived;
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    // Let close() start; it must wait for the request.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', uptimeSeconds: 1 });
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await expect(server.store.ping()).rejects.toMatchObject({ code: 'store_unreachable' });
  });
});
