import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { PackServiceClient, TemplateServiceClient } from '@gtcx/sdk/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { startGrpcServer } from '../src/grpc/server.js';
import { resolveRateLimitSettings } from '../src/http/rate-limit-settings.js';
import { openServerStore, type RunningServer, startServer } from '../src/main.js';
import { testConfig } from './support/config.js';
import { auditRows, createUserWithToken } from './support/identity.js';
import { createTestStore } from './support/stores.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Served {
  server: RunningServer;
  templates: TemplateServiceClient;
  packs: PackServiceClient;
}

/** HTTP and gRPC on port 0 over a fresh SQLite store, with the given GTCX_RATE_LIMIT_* variables. */
async function serve(limits: Record<string, string>): Promise<Served> {
  const testStore = await createTestStore('sqlite');
  cleanups.push(() => testStore.dispose());
  const config = { ...testConfig(testStore), rateLimits: resolveRateLimitSettings(limits) };
  const server = await startServer(config, { logger: false });
  cleanups.push(() => server.close());
  const templates = new TemplateServiceClient(server.grpcAddress, credentials.createInsecure());
  const packs = new PackServiceClient(server.grpcAddress, credentials.createInsecure());
  cleanups.push(() => templates.close());
  cleanups.push(() => packs.close());
  return { server, templates, packs };
}

function metadataWith(token: string | undefined): Metadata {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** ListTemplates; resolves with the error a refused call ends with, or undefined when it was answered. */
function listTemplates(client: TemplateServiceClient, token: string | undefined) {
  return new Promise<ServiceError | undefined>((resolve) =>
    client.listTemplates(
      { query: '', pageSize: 0, pageToken: '' },
      metadataWith(token),
      { deadline: Date.now() + 10_000 },
      (error) => resolve(error ?? undefined),
    ),
  );
}

function listSigningKeys(client: PackServiceClient) {
  return new Promise<ServiceError | undefined>((resolve) =>
    client.listSigningKeys({}, new Metadata(), { deadline: Date.now() + 10_000 }, (error) =>
      resolve(error ?? undefined),
    ),
  );
}

/** RESOURCE_EXHAUSTED with the limit exceeded, `gtcx-code: rate_limited` and `retry-after` in seconds. */
function expectExhausted(error: ServiceError | undefined, description: string): void {
  expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
  expect(error?.details).toBe(`Too many requests: the limit is ${description}`);
  expect(error?.metadata.get('gtcx-code')).toEqual(['rate_limited']);
  const retryAfter = Number(error?.metadata.get('retry-after')[0]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(String(error?.metadata.get('gtcx-hint')[0])).toBe(
    `Retry in ${retryAfter} second${retryAfter === 1 ? '' : 's'} (the retry-after metadata says when)`,
  );
}

async function httpListTemplates(server: RunningServer, token: string) {
  const response = await fetch(`${server.url}/v1/templates`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('rate limits over gRPC, shared with HTTP', () => {
  const perUser = '4 requests per minute per signed-in user (all of its tokens together)';

  it('refuses a gRPC call once the same user used its limit over HTTP, and the other way round', async () => {
    const { server, templates } = await serve({ GTCX_RATE_LIMIT_PER_TOKEN: '4' });
    const alice = await createUserWithToken(server.store, { username: 'alice', scopes: ['templates:read'] });
    for (let i = 0; i < 4; i += 1) expect((await httpListTemplates(server, alice.token)).status).toBe(200);
    expectExhausted(await listTemplates(templates, alice.token), perUser);

    const bob = await createUserWithToken(server.store, { username: 'bob', scopes: ['templates:read'] });
    for (let i = 0; i < 4; i += 1) expect(await listTemplates(templates, bob.token)).toBeUndefined();
    expectExhausted(await listTemplates(templates, bob.token), perUser);
    const http = await httpListTemplates(server, bob.token);
    expect(http.status).toBe(429);
    expect(http.body).toMatchObject({ code: 'rate_limited', policy: 'token' });
    expect(Number(http.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('counts public RPCs per IP address with the anonymous HTTP requests', async () => {
    const { server, packs } = await serve({ GTCX_RATE_LIMIT_PER_IP: '3' });
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${server.url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect(await listSigningKeys(packs)).toBeUndefined();
    expectExhausted(await listSigningKeys(packs), '3 requests per minute per IP address without credentials');
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(response.status).toBe(429);
    await response.arrayBuffer();
  });

  it('counts refused credentials per IP across both transports, audited once past the limit', async () => {
    const { server, templates } = await serve({ GTCX_RATE_LIMIT_AUTH_FAILURES: '4' });
    const alice = await createUserWithToken(server.store, { username: 'alice', scopes: ['templates:read'] });
    const failures =
      '4 refused requests (missing, invalid or insufficient credentials) per minute per IP address';
    for (let i = 0; i < 2; i += 1) {
      const response = await httpListTemplates(server, `gtcx_guess${i}`);
      expect(response.status).toBe(401);
    }
    for (let i = 2; i < 4; i += 1) {
      expect((await listTemplates(templates, `gtcx_guess${i}`))?.code).toBe(status.UNAUTHENTICATED);
    }
    for (let i = 4; i < 12; i += 1) {
      expectExhausted(await listTemplates(templates, `gtcx_guess${i}`), failures);
    }
    // Anonymous calls are refusals too, and a valid token from this address is not even checked.
    expectExhausted(await listTemplates(templates, undefined), failures);
    expectExhausted(await listTemplates(templates, alice.token), failures);
    const http = await httpListTemplates(server, 'gtcx_guess_http');
    expect(http.status).toBe(429);
    expect(http.body).toMatchObject({ code: 'rate_limited', policy: 'auth-failures' });
    // Another address is not held back.
    const elsewhere = await server.app.inject({
      method: 'GET',
      url: '/v1/templates',
      remoteAddress: '10.3.0.1',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(elsewhere.statusCode).toBe(200);

    expect(await auditRows(server.store, 'auth.refused')).toHaveLength(4);
    const limited = await auditRows(server.store, 'auth.rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      actor: null,
      ip: '127.0.0.1',
      details: { operation: 'listTemplates', transport: 'grpc', policy: 'auth-failures', limit: 4 },
    });
  });

  it('turns the refused-credentials limit off with 0 on gRPC too', async () => {
    const { templates } = await serve({ GTCX_RATE_LIMIT_AUTH_FAILURES: '0' });
    for (let i = 0; i < 40; i += 1) {
      expect((await listTemplates(templates, `gtcx_guess${i}`))?.code).toBe(status.UNAUTHENTICATED);
    }
  });

  it('refuses to serve gRPC without the HTTP app limits, rather than serve it unlimited', async () => {
    const testStore = await createTestStore('sqlite');
    cleanups.push(() => testStore.dispose());
    const store = await openServerStore(testConfig(testStore));
    cleanups.push(() => store.close());
    await expect(startGrpcServer({ host: '127.0.0.1', port: 0, store })).rejects.toThrow(
      /needs the HTTP app's rate limiter/,
    );
  });
});
