import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient, GtcxGrpcError, grpcCall } from '../src/grpc.js';
import { createClient, publishPack } from '../src/index.js';
import {
  HealthCheckResponse,
  HealthCheckResponse_ServingStatus,
  type HealthServer,
  HealthService,
} from '../src/proto.js';
import { type GtcxTestServer, startGtcxServer, writePackDir } from './support/server.js';

describe('createGrpcClient against a health server of our own', () => {
  const server = new Server();
  const seenAuthorization: unknown[] = [];
  let address: string;

  beforeAll(async () => {
    const health: HealthServer = {
      check: (call, callback) => {
        seenAuthorization.push(call.metadata.get('authorization')[0]);
        // `slow` answers after a second, for the deadline and cancellation tests.
        const delay = call.request.service === 'slow' ? 1000 : 0;
        setTimeout(() => {
          const status =
            call.request.service === '' || call.request.service === 'slow'
              ? HealthCheckResponse_ServingStatus.SERVING
              : HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN;
          callback(null, HealthCheckResponse.fromPartial({ status }));
        }, delay);
      },
      list: (_call, callback) => callback(null, { statuses: {} }),
      watch: (call) => call.end(),
    };
    server.addService(HealthService, health);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
  });

  afterAll(() => {
    server.forceShutdown();
  });

  it('talks grpc.health.v1 over one channel and sends the token as bearer metadata', async () => {
    const clients = createGrpcClient({ address, token: 'gtcx_secret' });
    try {
      expect(await grpcCall(clients.health, 'check', { service: '' })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVING,
      });
      expect(await grpcCall(clients.health, 'check', { service: 'gtcx.v1.Nope' })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN,
      });
      expect(seenAuthorization.slice(-2)).toEqual(['Bearer gtcx_secret', 'Bearer gtcx_secret']);
      expect(Object.keys(clients).sort()).toEqual([
        'close',
        'health',
        'packs',
        'renders',
        'templates',
        'tokens',
      ]);
    } finally {
      clients.close();
    }
  });

  it('asks a token function before each call, and sends nothing without a token', async () => {
    let n = 0;
    const refreshing = createGrpcClient({ address, token: async () => `gtcx_token_${++n}` });
    const anonymous = createGrpcClient({ address });
    try {
      await grpcCall(refreshing.health, 'check', { service: '' });
      await grpcCall(refreshing.health, 'check', { service: '' });
      expect(seenAuthorization.slice(-2)).toEqual(['Bearer gtcx_token_1', 'Bearer gtcx_token_2']);
      await grpcCall(anonymous.health, 'check', { service: '' });
      expect(seenAuthorization.at(-1)).toBeUndefined();
    } finally {
      refreshing.close();
      anonymous.close();
    }
  });

  it('a failing token function fails the call, typed, without sending it', async () => {
    const clients = createGrpcClient({
      address,
      token: () => {
        throw new Error('the vault is sealed');
      },
    });
    const before = seenAuthorization.length;
    try {
      await expect(grpcCall(clients.health, 'check', { service: '' })).rejects.toMatchObject({
        name: 'GtcxGrpcError',
        code: 'unauthenticated',
        message: 'check: the token function failed: the vault is sealed',
      });
      expect(seenAuthorization).toHaveLength(before);
    } finally {
      clients.close();
    }
  });

  it('puts the default deadline on unary calls, and a call may set its own', async () => {
    const clients = createGrpcClient({ address, deadlineMs: 100 });
    try {
      await expect(grpcCall(clients.health, 'check', { service: 'slow' })).rejects.toMatchObject({
        code: 'timeout',
        grpcStatus: 4,
      });
      expect(await grpcCall(clients.health, 'check', { service: 'slow' }, { deadlineMs: 5000 })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVING,
      });
    } finally {
      clients.close();
    }
  });

  it('refuses a deadlineMs that is not a number of milliseconds; 0 on a call means none', async () => {
    expect(() => createGrpcClient({ address, deadlineMs: Number.NaN })).toThrow(
      expect.objectContaining({
        code: 'config_invalid',
        message: expect.stringContaining('createGrpcClient: deadlineMs is NaN'),
      }),
    );
    const clients = createGrpcClient({ address, deadlineMs: 100 });
    try {
      await expect(
        grpcCall(clients.health, 'check', { service: '' }, { deadlineMs: -1 }),
      ).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining('check: deadlineMs is -1'),
      });
      expect(await grpcCall(clients.health, 'check', { service: 'slow' }, { deadlineMs: 0 })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVING,
      });
    } finally {
      clients.close();
    }
  });

  it('cancels a call through an AbortSignal', async () => {
    const clients = createGrpcClient({ address });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      await expect(
        grpcCall(clients.health, 'check', { service: 'slow' }, { signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'aborted', message: 'check was aborted' });
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      clients.close();
    }
  });

  it('uses TLS when asked, which a plaintext server refuses: a typed unreachable error', async () => {
    const clients = createGrpcClient({
      address: address.replace('127.0.0.1', 'localhost'),
      tls: true,
      deadlineMs: 2000,
    });
    try {
      const failure = await grpcCall(clients.health, 'check', { service: '' }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(GtcxGrpcError);
      expect(failure).toMatchObject({ grpcStatus: expect.any(Number) });
      expect(['server_unreachable', 'timeout']).toContain((failure as GtcxGrpcError).code);
    } finally {
      clients.close();
    }
  });
});

describe('createGrpcClient against a gtcx server', () => {
  let gtcx: GtcxTestServer;

  beforeAll(async () => {
    gtcx = await startGtcxServer();
    const source = writePackDir('@grpc/web', '1.0.0');
    try {
      await publishPack(createClient({ baseUrl: gtcx.url, token: gtcx.token }), { dir: source.dir });
    } finally {
      source.cleanup();
    }
  });

  afterAll(async () => {
    await gtcx?.close();
  });

  it("answers the registry's data with the token, and the server's gtcx code and hint without it", async () => {
    const authorised = createGrpcClient({ address: gtcx.grpcAddress, token: gtcx.token });
    const anonymous = createGrpcClient({ address: gtcx.grpcAddress });
    try {
      const { pack } = await grpcCall(authorised.packs, 'getPack', { name: '@grpc/web' });
      expect(pack?.distTags).toEqual({ latest: '1.0.0' });
      await expect(grpcCall(authorised.packs, 'getPack', { name: '@grpc/nope' })).rejects.toMatchObject({
        code: 'not_found',
        grpcStatus: 5,
      });
      await expect(grpcCall(anonymous.packs, 'getPack', { name: '@grpc/web' })).rejects.toMatchObject({
        name: 'GtcxGrpcError',
        code: 'unauthenticated',
        grpcStatus: 16,
        hint: expect.any(String),
      });
    } finally {
      authorised.close();
      anonymous.close();
    }
  });
});

describe('@gtcx/sdk/grpc', () => {
  it('exports what the README lists, and no deprecated names', async () => {
    const exported = Object.keys(await import('../src/grpc.js')).sort();
    expect(exported).toEqual(['GtcxGrpcError', 'createGrpcClient', 'grpcCall']);
  });
});
