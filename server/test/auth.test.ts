import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { requiresCredentials } from '../src/auth/http.js';
import { resolveServerConfig } from '../src/config.js';
import { defaultSpec } from '../src/spec/load.js';
import { listOperations } from '../src/spec/operations.js';
import { adminAuthorization, testAdminToken, testConfig } from './support/config.js';
import { createTestStore, type TestStore } from './support/stores.js';

let testStore: TestStore;
let app: FastifyInstance;

beforeAll(async () => {
  testStore = await createTestStore('sqlite');
  app = await buildApp({ config: testConfig(testStore), store: testStore.store, logger: false });
});

afterAll(async () => {
  await app?.close();
  await testStore?.dispose();
});

describe('interim admin-token authentication over HTTP', () => {
  it('answers an anonymous call to a secured operation with 401 problem+json and a Bearer challenge', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/templates' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="gtcx"');
    expect(response.json()).toMatchObject({
      code: 'unauthenticated',
      status: 401,
      title: 'Unauthorized',
      hint: expect.stringContaining('Authorization: Bearer'),
    });
  });

  it('answers a wrong token and a non-bearer scheme with 401 naming the error in the challenge', async () => {
    const wrong = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      headers: { authorization: `Bearer ${testAdminToken}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="gtcx", error="invalid_token"');
    expect(wrong.json().detail).toContain('not valid');
    const basic = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      headers: { authorization: `Basic ${Buffer.from(`admin:${testAdminToken}`).toString('base64')}` },
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('lets the admin token through, whatever the case of the scheme', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/v1/templates', headers: adminAuthorization })).statusCode,
    ).toBe(200);
    const lower = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      headers: { authorization: `bearer ${testAdminToken}` },
    });
    expect(lower.statusCode).toBe(200);
  });

  it('refuses anonymous callers before reading the body or validating the request', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/renders',
      headers: { 'content-type': 'application/json' },
      payload: '{"template": "https://evil.example/x.git"',
    });
    expect(response.statusCode).toBe(401);
  });

  it('keeps public operations public', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.yaml', '/metrics']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    const token = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=ci',
    });
    expect(token.statusCode).not.toBe(401);
  });

  it('refuses an anonymous and a wrongly authenticated caller on every secured operation of the contract', async () => {
    const operations = listOperations(defaultSpec().document);
    const secured = operations.filter(requiresCredentials);
    expect(secured.length).toBeGreaterThan(10);
    for (const operation of secured) {
      const url = operation.path.replace(/\{[^}]+\}/g, 'x');
      const method = operation.method.toUpperCase() as 'GET';
      const anonymous = await app.inject({ method, url });
      expect(anonymous.statusCode, `${operation.operationId} anonymous`).toBe(401);
      const wrong = await app.inject({
        method,
        url,
        headers: { authorization: 'Bearer wrong-token-0123456789' },
      });
      expect(wrong.statusCode, `${operation.operationId} wrong token`).toBe(401);
    }
    const open = operations
      .filter((operation) => !requiresCredentials(operation))
      .map((op) => op.operationId);
    expect(open).toEqual(
      expect.arrayContaining(['getHealth', 'getReadiness', 'getMetrics', 'getOpenApiDocument']),
    );
    expect(open).not.toContain('createRender');
  });

  it('tells the caller to configure the server when it has no admin token', async () => {
    const config = { ...testConfig(testStore), adminToken: undefined };
    const bare = await buildApp({ config, store: testStore.store, logger: false });
    try {
      const response = await bare.inject({
        method: 'GET',
        url: '/v1/templates',
        headers: adminAuthorization,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        hint: expect.stringContaining('set GTCX_ADMIN_TOKEN on the server'),
      });
    } finally {
      await bare.close();
    }
  });
});

describe('adminToken configuration', () => {
  it('reads GTCX_ADMIN_TOKEN, and lets a flag win', () => {
    const env = { GTCX_ADMIN_TOKEN: 'from-the-environment-1234' };
    expect(resolveServerConfig({}, env).adminToken).toBe('from-the-environment-1234');
    expect(resolveServerConfig({ adminToken: 'from-a-flag-0123456789' }, env).adminToken).toBe(
      'from-a-flag-0123456789',
    );
    expect(resolveServerConfig({}, {}).adminToken).toBeUndefined();
  });

  it.each([
    ['short', 'too short'],
    ['has spaces in the middle of it', 'spaces'],
  ])('refuses %j with config_invalid without echoing it', (token) => {
    let caught: unknown;
    try {
      resolveServerConfig({}, { GTCX_ADMIN_TOKEN: token });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'config_invalid', hint: expect.stringContaining('at least 16') });
    expect((caught as Error).message).not.toContain(token);
    expect((caught as Error).message).toContain('adminToken');
  });
});
