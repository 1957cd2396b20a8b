import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClients } from '../src/grpc.js';
import {
  type HealthCheckRequest,
  HealthCheckResponse,
  HealthCheckResponse_ServingStatus,
  type HealthClient,
  type HealthServer,
  HealthService,
} from '../src/proto.js';

function check(client: HealthClient, request: HealthCheckRequest): Promise<HealthCheckResponse> {
  return new Promise((resolve, reject) =>
    client.check(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

describe('createGrpcClients', () => {
  const server = new Server();
  const seenAuthorization: unknown[] = [];
  let address: string;

  beforeAll(async () => {
    const health: HealthServer = {
      check: (call, callback) => {
        seenAuthorization.push(call.metadata.get('authorization')[0]);
        const status =
          call.request.service === ''
            ? HealthCheckResponse_ServingStatus.SERVING
            : HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN;
        callback(null, HealthCheckResponse.fromPartial({ status }));
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
    const clients = createGrpcClients({ address, token: 'gtcx_secret' });
    try {
      expect(await check(clients.health, { service: '' })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVING,
      });
      expect(await check(clients.health, { service: 'gtcx.v1.Nope' })).toEqual({
        status: HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN,
      });
      expect(seenAuthorization).toEqual(['Bearer gtcx_secret', 'Bearer gtcx_secret']);
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

  it('sends no authorization metadata without a token', async () => {
    const clients = createGrpcClients({ address });
    try {
      await check(clients.health, { service: '' });
      expect(seenAuthorization.at(-1)).toBeUndefined();
    } finally {
      clients.close();
    }
  });
});
