import { GtcxError } from '@gtcx/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseForm } from '../src/http/body-parsers.js';
import type { OperationHandlers } from '../src/modules/types.js';
import { adminAuthorization, testConfig } from './support/config.js';
import { captureLog, errorLevel } from './support/log.js';
import { createTestStore, type TestStore } from './support/stores.js';

const problemType = /^application\/problem\+json/;

describe('problem+json for every error', () => {
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

  it('rejects a query parameter outside the contract with 400 naming the field', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/packs?limit=500',
      headers: adminAuthorization,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(problemType);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: 'https://gtcx.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      instance: '/v1/packs?limit=500',
      requestId: response.headers['x-request-id'],
    });
    expect(problem.errors).toEqual([{ field: 'querystring.limit', message: 'must be <= 100' }]);
    expect(problem.detail).toContain('querystring.limit');
  });

  it('names a missing and an unknown body property', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/renders',
      headers: adminAuthorization,
      payload: { dryRun: true, color: 1 },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['body.template', 'body.color']));
  });

  it('refuses a body in a media type the operation does not accept with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/renders',
      headers: { ...adminAuthorization, 'content-type': 'text/plain' },
      payload: 'template=web',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(problemType);
    expect(response.json()).toMatchObject({
      code: 'unsupported_media_type',
      hint: expect.stringContaining('json'),
    });
  });

  it('refuses malformed JSON with 400 bad_request', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/renders',
      headers: { ...adminAuthorization, 'content-type': 'application/json' },
      payload: '{"template":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'bad_request', status: 400 });
  });

  it('parses form bodies for the operations that declare them', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/renders',
      headers: { ...adminAuthorization, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'template=web',
    });
    expect(refused.statusCode).toBe(415);
    // A valid form passes parsing and validation and reaches the handler, which judges the client.
    const accepted = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=ci&client_secret=wrong',
    });
    expect(accepted.statusCode).toBe(401);
    expect(accepted.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('answers a bad OAuth request in RFC 6749 error JSON, as the OAuth endpoints declare', async () => {
    for (const url of ['/oauth/token', '/oauth/device_authorization', '/oauth/revoke']) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=bogus',
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.headers['cache-control'], url).toBe('no-store');
      const body = response.json();
      // The token endpoint knows the grant it was asked for; the other two lack their required fields.
      expect(body.error, url).toBe(url === '/oauth/token' ? 'unsupported_grant_type' : 'invalid_request');
      expect(body.error_description, url).toMatch(/^body\./);
      expect(Object.keys(body).sort(), url).toEqual(['error', 'error_description']);
    }
  });

  it('parses repeated form keys into arrays', () => {
    expect({ ...parseForm('a=1&b=2&a=3&c=%20x') }).toEqual({ a: ['1', '3'], b: '2', c: ' x' });
  });

  it('accepts a gzip body as bytes for the operation that declares it', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/v1/packs/@acme%2Fweb/versions/1.0.0',
      headers: { ...adminAuthorization, 'content-type': 'application/gzip' },
      payload: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
    });
    // Parsed as bytes and handed to publish, which reads the truncated gzip and refuses the archive.
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'unsafe_archive' });
  });

  it('answers an unknown route with 404 naming method and path', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(problemType);
    expect(response.json()).toMatchObject({
      code: 'not_found',
      status: 404,
      title: 'Not Found',
      detail: 'No route for GET /v1/nothing-here',
      instance: '/v1/nothing-here?x=1',
    });
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/healthz' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.json()).toMatchObject({ code: 'method_not_allowed', status: 405 });
  });
});

describe('responses are checked against the contract', () => {
  let testStore: TestStore;
  const log = captureLog();
  let app: FastifyInstance;
  const handlers: OperationHandlers = {
    // Off-contract on purpose: Health requires version and uptimeSeconds.
    getHealth: () => ({ status: 'ok' }),
    // Off-contract on purpose: the contract declares application/yaml.
    getOpenApiDocument: () => ({ openapi: '3.1.0' }),
    getMetrics: () => {
      throw new Error('secret connection string postgres://u:p@db');
    },
    getReadiness: () => {
      throw new GtcxError('rate_limited', 'Too many probes', { hint: 'Probe less often' });
    },
  };

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    app = await buildApp({
      config: testConfig(testStore),
      store: testStore.store,
      logger: log.logger,
      handlers,
    });
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.dispose();
  });

  it('turns an off-contract body into 500 internal and logs it at error level', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(problemType);
    const problem = response.json();
    expect(problem).toMatchObject({
      code: 'internal',
      status: 500,
      requestId: response.headers['x-request-id'],
    });
    expect(problem.detail).not.toContain('version');
    const logged = log.lines.find((line) => line.operationId === 'getHealth');
    expect(logged).toMatchObject({ level: errorLevel, reqId: response.headers['x-request-id'] });
    expect(JSON.stringify(logged?.issues)).toContain('version');
  });

  it('turns an undeclared content type into 500 internal', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('internal');
    const logged = log.lines.find((line) => line.operationId === 'getOpenApiDocument');
    expect(logged?.level).toBe(errorLevel);
    expect(JSON.stringify(logged?.issues)).toContain('application/yaml');
  });

  it('answers an unexpected error with 500 without leaking its message', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(response.json()).toMatchObject({ code: 'internal', title: 'Internal Server Error' });
    expect(
      log.lines.some((line) => line.level === errorLevel && JSON.stringify(line).includes('secret')),
    ).toBe(true);
  });

  it('answers a GtcxError with its status, code and hint', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({
      type: 'https://gtcx.dev/problems/rate_limited',
      code: 'rate_limited',
      detail: 'Too many probes',
      hint: 'Probe less often',
    });
  });
});
